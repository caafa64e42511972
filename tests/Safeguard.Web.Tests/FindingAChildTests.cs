using System.Net;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

/// <summary>
/// Force staff find a child by part of the reference or the name, in either case, and the date of birth — posted, so
/// none of it is in an address — and never a restricted or merged record.
/// </summary>
public class FindingAChildTests
{
    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task AChild_IsFoundByPartOfTheNameOrReference_EitherCase_AndTheDateOfBirthNarrowsIt(Provider provider)
    {
        await using var app = await SafeguardApp.StartAsync(provider);
        using var officer = await app.CreateSignedInClientAsync(Roles.ResponseOfficer);
        foreach (var (reference, name, born) in new[] { ("C-FIND-1", "Sam Example (synthetic)", "2012-02-02"), ("C-FIND-2", "Samira Other (synthetic)", "2014-05-06"), ("C-ELSE-3", "Alex Third (synthetic)", "2012-02-02") })
            await HttpAssert.SendAsync(officer, HttpMethod.Put, $"/api/children/{reference}", new { name, dateOfBirth = born }, HttpStatusCode.Created);

        async Task<string> SearchAsync(Dictionary<string, string> fields, HttpStatusCode expected = HttpStatusCode.OK)
        {
            using var response = await SafeguardApp.PostFormAsync(officer, "/Children", "Search", fields);
            Assert.Equal(expected, response.StatusCode);
            Assert.DoesNotContain("sam", response.RequestMessage!.RequestUri!.ToString(), StringComparison.OrdinalIgnoreCase); // nothing typed in the address
            return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        }

        var bySam = await SearchAsync(new() { ["Name"] = "SAM" });
        Assert.Contains("2 children match", bySam, StringComparison.Ordinal);
        Assert.Contains(">C-FIND-1</a>", bySam, StringComparison.Ordinal);
        Assert.Contains(">C-FIND-2</a>", bySam, StringComparison.Ordinal);
        Assert.DoesNotContain(">C-ELSE-3</a>", bySam, StringComparison.Ordinal);

        var narrowed = await SearchAsync(new() { ["Name"] = "sam", ["born.Day"] = "2", ["born.Month"] = "2", ["born.Year"] = "2012" });
        Assert.Contains("1 child matches", narrowed, StringComparison.Ordinal);
        Assert.Contains("Sam Example (synthetic)", narrowed, StringComparison.Ordinal);

        var byReference = await SearchAsync(new() { ["Reference"] = "find" });
        Assert.Contains("2 children match", byReference, StringComparison.Ordinal);

        // A restricted record is never found.
        using var administrator = await app.CreateSignedInClientAsync(Roles.Administrator);
        Assert.Equal(HttpStatusCode.Redirect, (await SafeguardApp.PostFormAsync(administrator, "/Children/C-FIND-2", "Restrict", new() { ["RestrictionReason"] = "Accuracy contested (synthetic)" })).StatusCode);
        Assert.Contains("1 child matches", await SearchAsync(new() { ["Reference"] = "FIND" }), StringComparison.Ordinal);

        // Nothing asked, one letter, or half a date: said plainly, and nothing searched.
        Assert.Contains("Enter part of a reference, part of a name, or a date of birth", await SearchAsync(new(), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("Enter at least 2 letters of the name", await SearchAsync(new() { ["Name"] = "s" }, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("The date of birth must include a year", await SearchAsync(new() { ["born.Day"] = "2", ["born.Month"] = "2" }, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManyMatches_AreGoneThroughAPageAtATime_TheCriteriaPostedAgain_NeverInTheAddress()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var officer = await app.CreateSignedInClientAsync(Roles.ResponseOfficer);
        var count = Safeguard.App.Subjects.PageRequest.DefaultSize + 2;
        for (var n = 1; n <= count; n++)
            await HttpAssert.SendAsync(officer, HttpMethod.Put, $"/api/children/C-PAGED-{n:D3}", new { name = $"Paged Child {n:D3} (synthetic)" }, HttpStatusCode.Created);

        using var first = await SafeguardApp.PostFormAsync(officer, "/Children", "Search", new() { ["Name"] = "paged" });
        var firstPage = WebUtility.HtmlDecode(await first.Content.ReadAsStringAsync());
        Assert.Contains($"{count} children match, page 1 of 2, by name", firstPage, StringComparison.Ordinal);
        Assert.Contains(">C-PAGED-001</a>", firstPage, StringComparison.Ordinal);
        Assert.DoesNotContain($">C-PAGED-{count:D3}</a>", firstPage, StringComparison.Ordinal);
        Assert.Contains("name=\"foundPage\" value=\"2\">Next page", firstPage, StringComparison.Ordinal);
        Assert.Contains("<input type=\"hidden\" name=\"Name\" value=\"paged\">", firstPage, StringComparison.Ordinal);

        using var second = await SafeguardApp.PostFormAsync(officer, "/Children", "Search", new() { ["Name"] = "paged", ["foundPage"] = "2" });
        Assert.DoesNotContain("paged", second.RequestMessage!.RequestUri!.ToString(), StringComparison.OrdinalIgnoreCase);
        var secondPage = WebUtility.HtmlDecode(await second.Content.ReadAsStringAsync());
        Assert.Contains($"{count} children match, page 2 of 2, by name", secondPage, StringComparison.Ordinal);
        Assert.Contains($">C-PAGED-{count:D3}</a>", secondPage, StringComparison.Ordinal);
        Assert.DoesNotContain(">C-PAGED-001</a>", secondPage, StringComparison.Ordinal);
        Assert.Contains("name=\"foundPage\" value=\"1\">Previous page", secondPage, StringComparison.Ordinal);
        Assert.DoesNotContain(">Next page", secondPage, StringComparison.Ordinal);
    }
}
