using Microsoft.AspNetCore.Http.Extensions;

namespace Safeguard.Web.Pages;

/// <summary>Paging links for a list (GOV.UK pagination), keeping the page's other query values.</summary>
public sealed record Pager(int Number, int Pages, string Noun, string Path, IQueryCollection Query, string Parameter = "page")
{
    public static Pager For<T>(App.Subjects.Paged<T> page, string noun, HttpRequest request, string parameter = "page") =>
        new(page.Number, page.Pages, noun, request.Path, request.Query, parameter);

    /// <summary>The whole list (every page) as CSV: this page's address and filters with the Csv handler.</summary>
    public string CsvLink()
    {
        var query = new QueryBuilder(Query.Where(q => q.Key != Parameter && q.Key != "handler").SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))))
        {
            { "handler", "Csv" },
        };
        return Path + query.ToQueryString();
    }

    public string Link(int number)
    {
        var query = new QueryBuilder(Query.Where(q => q.Key != Parameter && q.Key != "handler").SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))))
        {
            { Parameter, number.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        return Path + query.ToQueryString();
    }

    /// <summary>The page numbers to show: the first, the last, and two either side of the current one; null for a gap.</summary>
    public IEnumerable<int?> Shown()
    {
        int? last = null;
        for (var n = 1; n <= Pages; n++)
        {
            if (n != 1 && n != Pages && Math.Abs(n - Number) > 2) continue;
            if (last is { } l && n > l + 1) yield return null;
            yield return n;
            last = n;
        }
    }
}
