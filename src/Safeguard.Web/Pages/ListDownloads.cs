using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using NodaTime.Text;
using Safeguard.App.Subjects;

namespace Safeguard.Web.Pages;

/// <summary>
/// A list page's "Download all N as CSV": every row of the list under the page's filters (not one page), read a page at
/// a time, written for a spreadsheet (<see cref="App.Imports.CsvFile.ExportAsync"/>). Opening it is logged like the list.
/// </summary>
public static class ListDownloads
{
    public static string At(Instant? instant) => instant is { } i ? InstantPattern.ExtendedIso.Format(i) : "";

    public static async Task<IActionResult> CsvAsync<T>(PageModel page, string file, Func<PageRequest, Task<Paged<T>>> read, IReadOnlyList<string> header,
        Func<T, IEnumerable<string?>> fields, CancellationToken ct) =>
        page.File(await App.Imports.CsvFile.ExportAsync(Paging.AllAsync(read), header, fields, ct), "text/csv; charset=utf-8", file);

    /// <summary>The columns a clock adds to a row: its state in words and when it is due.</summary>
    public static IEnumerable<string?> Clock(ClockView? clock) => [clock?.Words, At(clock?.Due)];
}
