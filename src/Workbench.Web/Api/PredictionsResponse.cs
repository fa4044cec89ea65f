using Workbench.Storage;

namespace Workbench.Web.Api;

/// <summary>GET /api/runs/{id}/predictions: the run's evaluation sets and the page of the one asked for.</summary>
public sealed record PredictionsResponse(IReadOnlyList<string> Sets, PredictionsPage Page);
