using Workbench.Experiments;
using Workbench.Web.Live;

namespace Workbench.Web.Artifacts;

/// <summary>A worker's artifact request must carry its run's live token: 401 without one, 403 with another run's or a revoked one.</summary>
public static class WorkerRequestAuthorizer
{
    public static IResult? Refusal(HttpRequest request, WorkerCredentials credentials, int runId)
    {
        var token = request.Headers[RunProtocol.RunsHubEndpoint.TokenHeader].ToString();
        if (string.IsNullOrEmpty(token))
            return Problem(StatusCodes.Status401Unauthorized, "Worker token required.", $"Send the run's worker token in {RunProtocol.RunsHubEndpoint.TokenHeader}.");
        return credentials.Allows(runId, token) ? null
            : Problem(StatusCodes.Status403Forbidden, "Not this run's worker.", $"The token in {RunProtocol.RunsHubEndpoint.TokenHeader} is not run {runId}'s live worker token.");
    }

    public static IResult Problem(int status, string title, string detail, string? field = null) =>
        Results.Problem(detail, statusCode: status, title: title,
            extensions: field is null ? null : new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } });
}
