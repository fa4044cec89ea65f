using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Workbench.Experiments;
using Workbench.Experiments.OnPolicy;
using Workbench.Storage.Entities;

namespace Workbench.Storage;

/// <summary>The latest <see cref="PolicySamples"/> of each on-policy run: a finished run still shows its last samples.</summary>
public sealed class PolicySampleStore(IDbContextFactory<WorkbenchDbContext> dbFactory)
{
    /// <summary>Keeps <paramref name="samples"/> (bounded) as the run's latest (a resumed run's replace those of its first attempt).</summary>
    public async Task SaveAsync(int runId, PolicySamples samples, CancellationToken ct = default)
    {
        var bounded = samples.Bounded();
        var json = JsonSerializer.Serialize(bounded, RunConfigJson.Options);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.PolicySamples.FirstOrDefaultAsync(r => r.RunId == runId, ct);
        if (row is null) db.PolicySamples.Add(new PolicySamplesEntity { RunId = runId, Step = bounded.Step, Json = json });
        else (row.Step, row.Json) = (bounded.Step, json);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The run's latest samples, or null.</summary>
    public async Task<PolicySamples?> GetAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var json = await db.PolicySamples.AsNoTracking().Where(r => r.RunId == runId).Select(r => r.Json).FirstOrDefaultAsync(ct);
        return json is null ? null : JsonSerializer.Deserialize<PolicySamples>(json, RunConfigJson.Options);
    }
}
