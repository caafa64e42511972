using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Safeguard.App;
using Safeguard.Domain.Audit;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages;

/// <summary>
/// A page that can show what was wrong with what was typed: the layout then starts the page's title with "Error: " (the
/// GOV.UK pattern), so no page has to remember to.
/// </summary>
public interface IShowsErrors
{
    IDictionary<string, string[]> Errors { get; }
}

/// <summary>
/// A page whose actions are forms that work without JavaScript: a good post redirects back with what was saved;
/// a bad one shows the page again with the GOV.UK error summary, status 400, and nothing changed.
/// </summary>
public abstract class FormPage : PageModel, IShowsErrors
{
    public IDictionary<string, string[]> Errors { get; protected set; } = new Dictionary<string, string[]>();

    /// <summary>The first error for a field, or null.</summary>
    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var m) ? m[0] : null;

    /// <summary>
    /// What the page calls the fields the use case names ("childReference" is "The child's reference"): a use case's
    /// message that begins with its field's name begins with the page's words instead.
    /// </summary>
    protected virtual IReadOnlyDictionary<string, string> Nouns { get; } = new Dictionary<string, string>();

    /// <summary>The errors in the page's words (<see cref="Nouns"/>).</summary>
    protected Dictionary<string, string[]> Plain(IDictionary<string, string[]> errors) => errors.ToDictionary(e => e.Key, e => e.Value.Select(message =>
        Nouns.TryGetValue(e.Key, out var noun) && message.StartsWith(e.Key + " ", StringComparison.Ordinal) ? noun + message[e.Key.Length..] : message).ToArray());

    /// <summary>Shows the page again (400) with every error the page found in what was typed, in its words; nothing is changed.</summary>
    protected async Task<IActionResult> InvalidAsync(Dictionary<string, string[]> errors, Func<Task<IActionResult>> reload)
    {
        var shown = await reload();
        await ShownAgainAsync();
        Errors = Plain(errors);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return shown;
    }

    /// <summary>
    /// The record the page shows, set as it loads it: a refused form shows the record again, and that is a consultation
    /// of it in the s.62 log as much as opening the page is.
    /// </summary>
    protected (string Subject, string Reference)? Showing { get; set; }

    private async Task ShownAgainAsync()
    {
        if (Showing is { } shown) await AuditAsync(AuditAction.Consultation, shown.Subject, shown.Reference);
    }

    /// <summary>The purpose a page's use is logged with: the page and its handler.</summary>
    private string Purpose => $"{PageContext.ActionDescriptor.ViewEnginePath} {Request.Method} {Request.Query["handler"]}".TrimEnd();

    /// <summary>Logs (DPA 2018 s.62) that the signed-in person consulted a record through this page.</summary>
    protected Task AuditAsync(AuditAction action, string subject, string reference) => Auditing.RecordAsync(HttpContext, action, subject, reference, Purpose);

    /// <summary>
    /// Runs <paramref name="action"/>, declared to the s.62 log as <paramref name="audit"/> (its entries commit with
    /// the change); on success redirects with <c>saved</c>, else reloads the page with the errors (the rule's under
    /// <paramref name="field"/>). Where two forms on the page ask for fields of the same name, <paramref name="prefix"/>
    /// goes before each field's name ("restrict-" + "reason").
    /// </summary>
    protected async Task<IActionResult> SubmitAsync(Func<Task> action, (AuditAction Action, string Subject) audit, string field, object routeValues,
        Func<Task<IActionResult>> reload, string? page = null, string prefix = "")
    {
        var shown = await TrySubmitAsync(action, audit, field, routeValues, reload, page);
        if (prefix.Length > 0) Errors = Errors.ToDictionary(e => prefix + e.Key, e => e.Value);
        return shown;
    }

    private async Task<IActionResult> TrySubmitAsync(Func<Task> action, (AuditAction Action, string Subject) audit, string field, object routeValues,
        Func<Task<IActionResult>> reload, string? page)
    {
        try
        {
            Auditing.Declare(HttpContext, audit.Action, audit.Subject, Purpose);
            await action();
            return page is null ? RedirectToPage(routeValues) : RedirectToPage(page, routeValues);
        }
        catch (InputException e)
        {
            Errors = Plain(e.Errors);
        }
        catch (RuleException e)
        {
            Errors = new Dictionary<string, string[]> { [field] = [e.Message] };
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        var shown = await reload();
        await ShownAgainAsync();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return shown;
    }
}
