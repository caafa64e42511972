using System.Reflection;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Safeguard.Domain.Audit;

namespace Safeguard.Web.Access;

/// <summary>
/// A page that lists records of one kind (a queue, a board, a drill-down): opening it is a consultation, logged to the
/// s.62 log as "(list)" with the page and what it was asked for, before the page is sent. A board's live refresh of its
/// rows is not logged again each time; opening the board is.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AuditedListAttribute(string kind) : Attribute
{
    public string Kind { get; } = kind;
}

public sealed class ListAuditFilter : IAsyncPageFilter
{
    private static readonly HashSet<string> Filters = new(["from", "to", "district", "grade", "month", "owed"], StringComparer.OrdinalIgnoreCase);

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        var list = context.HandlerInstance.GetType().GetCustomAttribute<AuditedListAttribute>();
        var http = context.HttpContext;
        if (list is null || !HttpMethods.IsGet(http.Request.Method) || context.HandlerMethod?.Name is not null) return;
        if (executed.Exception is not null || executed.Result is not PageResult || http.Response.StatusCode >= 400) return;
        // Only the filters lists take (periods, districts, grades) go into the log: never anything else a query could carry.
        var asked = string.Join("&", http.Request.Query.Where(q => Filters.Contains(q.Key)).Select(q => $"{q.Key}={q.Value}"));
        var purpose = $"{http.Request.Path.Value}{(asked.Length == 0 ? "" : "?" + asked)} page {http.Request.Query["page"].FirstOrDefault() ?? "1"}";
        await Auditing.RecordAsync(http, AuditAction.Consultation, list.Kind, "(list)", purpose);
    }
}
