using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Safeguard.Web.Access;

/// <summary>
/// The policy a page's handler needs beyond the page's own (a form on a page others may read), enforced by
/// <see cref="HandlerPolicyFilter"/> before the handler runs, and read by the test that holds every page and endpoint to
/// docs/access.md.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AllowsAttribute(string policy) : Attribute
{
    public string Policy { get; } = policy;
}

/// <summary>Refuses (403) a page handler whose <see cref="AllowsAttribute"/> policy the caller does not meet.</summary>
public sealed class HandlerPolicyFilter(IAuthorizationService authorization) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod?.MethodInfo.GetCustomAttribute<AllowsAttribute>() is { } allows
            && !(await authorization.AuthorizeAsync(context.HttpContext.User, allows.Policy)).Succeeded)
        {
            await RefusalAuditing.RecordAsync(context.HttpContext);
            context.Result = new ForbidResult();
            return;
        }
        await next();
    }
}
