using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Safeguard.App;
using Safeguard.App.Subjects;

namespace Safeguard.Web.Hosting;

/// <summary>
/// What an error means to the caller, said once for the API and the pages: a missing record is 404, a broken rule 409
/// or 422, bad input 400, a database that cannot be had just now 503 with <c>Retry-After</c>. Messages name rules and
/// fields, never personal data. Anything else is a 500 with no detail.
/// </summary>
public static class Problems
{
    /// <summary>The seconds a caller is asked to wait before trying again when the database cannot be had.</summary>
    public const int RetryAfterSeconds = 5;

    public static ProblemDetails For(Exception exception) => exception switch
    {
        InputException e => new HttpValidationProblemDetails(e.Errors) { Status = 400, Title = "The request is invalid." },
        BadHttpRequestException e => new ProblemDetails { Status = 400, Title = "The request is invalid.", Detail = BadRequestDetail(e) },
        NotFoundException e => new ProblemDetails { Status = 404, Title = "Not found.", Detail = e.Message },
        RestrictedException e => new ProblemDetails { Status = 403, Title = "Restricted.", Detail = e.Message },
        RuleException { IsConflict: true } e => new ProblemDetails { Status = 409, Title = "Conflict.", Detail = e.Message },
        RuleException e => new ProblemDetails { Status = 422, Title = "The request breaks a rule.", Detail = e.Message },
        _ when DatabaseErrors.IsUnavailable(exception) => new ProblemDetails
        {
            Status = 503,
            Title = "Safeguard cannot reach its database just now.",
            Detail = $"Try again in {RetryAfterSeconds} seconds. A request that failed this way was not recorded unless reading it back shows it was.",
        },
        _ => new ProblemDetails { Status = 500, Title = "Something went wrong on the server." },
    };

    /// <summary>Sets the status (and, for 503, <c>Retry-After</c>) the problem calls for.</summary>
    public static void Apply(HttpResponse response, ProblemDetails problem)
    {
        response.StatusCode = problem.Status!.Value;
        if (problem.Status == 503) response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Requests from other systems (the API, health, the OpenAPI document, the board feed): their errors are problem
    /// details; a person's pages show an error page instead.
    /// </summary>
    public static bool ForMachines(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/health") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/hubs");

    // Framework messages about unreadable JSON can quote the body; say only what kind of problem it was.
    private static string BadRequestDetail(BadHttpRequestException e) =>
        e.InnerException is System.Text.Json.JsonException ? "The body is not valid JSON for this request." : "The request could not be read.";
}

/// <summary>Writes an API request's error as RFC 7807 problem details (<see cref="Problems"/>); a page's goes to the error page.</summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Problems.For(exception);
        // The middleware has already pointed the request at /Error; the feature keeps the path it came for.
        var path = httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path.Value;
        Log(logger, httpContext.Request.Method, path, exception, problem);
        if (!Problems.ForMachines(path)) return false; // re-executed as /Error
        Problems.Apply(httpContext.Response, problem);
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>A 500 with its stack; a 503 as one line (the database says why); the path only, never the query.</summary>
    private static void Log(ILogger logger, string method, string? path, Exception exception, ProblemDetails problem)
    {
        if (problem.Status == 500)
            logger.LogError(exception, "Unhandled error on {Method} {Path}", method, path);
        else if (problem.Status == 503)
            logger.LogWarning("Database unavailable on {Method} {Path}: {Error}", method, path, exception.GetBaseException().GetType().Name);
    }
}
