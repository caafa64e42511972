using System.Reflection;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Safeguard.Domain.Audit;

namespace Safeguard.Web.Access;

/// <summary>
/// A page that lists records of one kind (a queue, a board, a drill-down): opening it is a consultation, logged to the
/// s.62 log as "(list)" with the page and what it was asked for, before the page is sent. A board's live refresh of its
/// rows is logged too, but once in five minutes for the same person and the same view, not at every change.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AuditedListAttribute(string kind) : Attribute
{
    public string Kind { get; } = kind;
}

/// <summary>When each person last had each refreshed view logged (in memory, on each instance).</summary>
public sealed class RefreshesLogged
{
    public static readonly NodaTime.Duration Every = NodaTime.Duration.FromMinutes(5);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, NodaTime.Instant> _last = new(StringComparer.Ordinal);

    /// <summary>Whether this view is to be logged now (not logged for this person within <see cref="Every"/>).</summary>
    public bool Due(string who, string view, NodaTime.Instant now)
    {
        if (_last.Count > 100_000) _last.Clear();
        var key = who + "|" + view;
        if (_last.TryGetValue(key, out var last) && now - last < Every) return false;
        _last[key] = now;
        return true;
    }
}

public sealed class ListAuditFilter(RefreshesLogged refreshes, NodaTime.IClock clock) : IAsyncPageFilter
{
    private static readonly HashSet<string> Filters = new(["from", "to", "district", "grade", "month", "owed", "stage", "type", "order", "unacknowledged", "agency"], StringComparer.OrdinalIgnoreCase);

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        var list = context.HandlerInstance.GetType().GetCustomAttribute<AuditedListAttribute>();
        var http = context.HttpContext;
        var handler = context.HandlerMethod?.Name;
        if (list is null || !HttpMethods.IsGet(http.Request.Method) || handler is not (null or "Rows" or "Csv")) return;
        // The page, its live rows, or the whole list downloaded.
        if (executed.Exception is not null || executed.Result is not (PageResult or Microsoft.AspNetCore.Mvc.PartialViewResult or Microsoft.AspNetCore.Mvc.FileResult)
            || http.Response.StatusCode >= 400) return;
        // Only the filters lists take (periods, districts, grades) go into the log: never anything else a query could carry.
        var asked = string.Join("&", http.Request.Query.Where(q => Filters.Contains(q.Key)).Select(q => $"{q.Key}={q.Value}"));
        var purpose = $"{http.Request.Path.Value}{(asked.Length == 0 ? "" : "?" + asked)} page {http.Request.Query["page"].FirstOrDefault() ?? "1"}";
        if (handler == "Rows" && !refreshes.Due(http.User.Author(), purpose, clock.GetCurrentInstant())) return;
        await Auditing.RecordAsync(http, AuditAction.Consultation, list.Kind, "(list)", handler switch
        {
            null => purpose,
            "Csv" => purpose + " (downloaded whole)",
            _ => purpose + " (refreshed)",
        });
    }
}
