using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Safeguard.App;

namespace Safeguard.Web.Hosting;

/// <summary>
/// The one place errors become RFC 7807 problem details: a missing record is 404, a broken rule 409 or 422, bad input
/// 400. Messages name rules and fields, never personal data. Anything else is a 500 with no detail.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem = exception switch
        {
            InputException e => new HttpValidationProblemDetails(e.Errors) { Status = 400, Title = "The request is invalid." },
            BadHttpRequestException e => new ProblemDetails { Status = 400, Title = "The request is invalid.", Detail = BadRequestDetail(e) },
            NotFoundException e => new ProblemDetails { Status = 404, Title = "Not found.", Detail = e.Message },
            RuleException { IsConflict: true } e => new ProblemDetails { Status = 409, Title = "Conflict.", Detail = e.Message },
            RuleException e => new ProblemDetails { Status = 422, Title = "The request breaks a rule.", Detail = e.Message },
            _ => new ProblemDetails { Status = 500, Title = "Something went wrong on the server." },
        };
        if (problem.Status == 500)
            logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    // Framework messages about unreadable JSON can quote the body; say only what kind of problem it was.
    private static string BadRequestDetail(BadHttpRequestException e) =>
        e.InnerException is System.Text.Json.JsonException ? "The body is not valid JSON for this request." : "The request could not be read.";
}
