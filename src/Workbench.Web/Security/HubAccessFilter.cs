using Microsoft.AspNetCore.SignalR;

namespace Workbench.Web.Security;

/// <summary>
/// The hub admits workers by their own credential header without a login (<see cref="AccessGateMiddleware"/>); such a
/// connection may only report (the hub checks the credential on every Report* call). Following runs
/// (<c>StreamMetrics</c>, <c>SubscribeRuns</c>) needs a logged-in caller whenever the server needs a login.
/// </summary>
public sealed class HubAccessFilter(AccessPolicy policy) : IHubFilter
{
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var context = invocationContext.Context;
        var isReport = invocationContext.HubMethodName.StartsWith("Report", StringComparison.Ordinal);
        if (!isReport && context.GetHttpContext() is { } http && policy.RequiresLogin(http) && context.User?.Identity?.IsAuthenticated != true)
            throw new HubException("Log in first: this server needs its access token.");
        return next(invocationContext);
    }
}
