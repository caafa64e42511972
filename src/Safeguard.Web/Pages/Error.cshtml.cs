using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Safeguard.Web.Hosting;

namespace Safeguard.Web.Pages;

/// <summary>
/// The page a person sees when a page fails or there is nothing at an address: what happened in plain words (from
/// <see cref="Problems"/>, as the API says it) and what to do. It reads nothing from the database, so it shows during
/// an outage too.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Status { get; private set; }
    public string Heading { get; private set; } = "";
    public string Advice { get; private set; } = "";

    public void OnGet(int? status) => Show(status);

    // A failed form post is shown the same way.
    public void OnPost(int? status) => Show(status);

    private void Show(int? status)
    {
        var failure = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        // Only a re-executed request (a failure or an empty error response) has a status to show; asked for directly, a 404.
        var reexecuted = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null;
        var problem = failure is not null ? Problems.For(failure) : new ProblemDetails { Status = reexecuted && status is >= 400 and < 600 ? status : 404 };
        Status = problem.Status!.Value;
        (Heading, Advice) = Status switch
        {
            404 => ("Page not found", problem.Detail ?? "There is nothing at this address. If you typed a reference, check it; or start again from the home page."),
            400 => ("Sorry, that request could not be read", "Go back and try again."),
            429 => ("Too many attempts from here", "Wait a minute, then try again."),
            503 => ("Safeguard cannot reach its database just now",
                $"Nothing you were doing was saved unless it shows when you look again. Try again in {Problems.RetryAfterSeconds} seconds; clocks that fall due meanwhile are escalated as soon as it is back."),
            _ when Status < 500 => ("Sorry, that could not be done", problem.Detail ?? "Go back and try again."),
            _ => ("Sorry, there is a problem with Safeguard", "Try again later. The problem has been recorded for the administrators."),
        };
        Problems.Apply(Response, problem);
        ViewData["WithoutDatabase"] = true;
    }
}
