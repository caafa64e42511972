using System.Text.Json;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

public class SeedingTheDemoTests
{
    [Fact]
    public async Task DemoDataset_FillsEveryPage_WithTheTenDayOldNoticeAtTheTopOfTheQueue()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, settings: new Dictionary<string, string?> { ["Demo:Seed"] = "true" });
        using var mash = await app.CreateSignedInClientAsync(Roles.MashPractitioner);
        var queue = await mash.GetStringAsync("/Mash");
        Assert.Contains("8 notice(s) waiting", queue, StringComparison.Ordinal);
        Assert.True(queue.IndexOf("DEMO-PPN-00800", StringComparison.Ordinal) < queue.IndexOf("DEMO-PPN-00799", StringComparison.Ordinal), "the ten-day-old notice leads");

        var child = await mash.GetStringAsync("/Children/DEMO-CHILD-0001");
        Assert.Contains("Demo Child 0001", child, StringComparison.Ordinal);
        Assert.Contains("Reviewed in the MASH", child, StringComparison.Ordinal);
        // The child seen on incidents has those contacts in the voice of the child, as the contact form records them.
        Assert.DoesNotContain("No contact is recorded.", child, StringComparison.Ordinal);
        Assert.Contains("Said they felt safe at home now (synthetic).", child, StringComparison.Ordinal);

        // Most demo children were seen; the few who were not make a list a supervisor can work through.
        var notSeen = await mash.GetStringAsync("/Children");
        var count = int.Parse(System.Text.RegularExpressions.Regex.Match(notSeen, "(\\d+) child\\(ren\\) named on incidents").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(count, 1, 200);

        // Most child-involved incidents have a notice or a supervisor's reason; the few recent ones owing one are listed.
        using var supervisor = await app.CreateSignedInClientAsync(Roles.Supervisor);
        var owing = await supervisor.GetStringAsync("/Mash/ChildToNotice");
        var due = int.Parse(System.Text.RegularExpressions.Regex.Match(owing, "(\\d+) incident\\(s\\)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(due, 1, 200);

        using var analyst = await app.CreateClientAsync(Roles.Analyst);
        var to = app.Now.InUtc().Date.PlusDays(1);
        var report = JsonDocument.Parse(await analyst.GetStringAsync($"/api/reports/performance?from={to.PlusDays(-366):yyyy-MM-dd}&to={to:yyyy-MM-dd}")).RootElement;
        var notices = report.GetProperty("notices");
        Assert.Equal(800, notices.GetProperty("population").GetInt32());
        Assert.InRange(notices.GetProperty("review").GetProperty("notReviewed").GetInt32(), 1, 8); // the ten-day-old one, and any recent one already past its target
        Assert.True(notices.GetProperty("sharing").GetProperty("withinTarget").GetInt32() > 0);
        var noticeDue = notices.GetProperty("noticeDue");
        Assert.True(noticeDue.GetProperty("withinTarget").GetInt32() > 0 && noticeDue.GetProperty("notNeeded").GetInt32() > 0 && noticeDue.GetProperty("late").GetInt32() > 0);
    }
}
