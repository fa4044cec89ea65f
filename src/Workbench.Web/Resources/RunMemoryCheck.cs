using Microsoft.Extensions.Options;
using Workbench.Experiments;
using Workbench.Experiments.Resources;
using Workbench.Storage;
using Workbench.Web.Hosting;

namespace Workbench.Web.Resources;

/// <summary>
/// Estimates a run's peak memory from its config (a registered folder's shape comes from its stored config.json reading,
/// a checkpoint's from the run that made it) and holds it against the budget, before the run is queued or resumed. Also
/// sets the hard limit its worker runs under.
/// </summary>
public sealed class RunMemoryCheck(RunStore store, ModelFolders.ModelFolderService folders, MachineMemory machine, IOptions<WorkbenchOptions> options)
{
    /// <summary>Tokens a Hugging Face run's sequences are assumed to hold (the built-in tasks in a chat template stay under it).</summary>
    public const int FolderSequenceLength = 128;

    // Word-level vocabularies built from a dataset's text: the built-in tasks have a few hundred words, imported ones more.
    private const int BuiltInVocabulary = 512, ImportedVocabulary = 8192;
    private const double LimitMargin = 1.5;
    // The floor covers what the estimate leaves out (greedy decoding at batch 256, evaluation sets, libtorch's own caches):
    // a limit is there to stop a runaway worker, not to fail an ordinary run by a few megabytes.
    private const long LimitFloorBytes = 2L << 30;
    // InputSaliency's default batch: LeaF stage 1 scores prompts 32 at a time.
    private const int LeafDetectionBatch = 32;

    /// <summary>The estimate, and the error (naming the largest model's field) when it is over the budget.</summary>
    public async Task<(MemoryEstimate Estimate, ValidationError? Error)> CheckAsync(RunConfig config, CancellationToken ct = default)
    {
        var student = await ShapeAsync(config.Student, config, "student", ct);
        var teacher = config.UsesTeacher && config.Teacher is { } t ? await ShapeAsync(t, config, "teacher", ct) : null;
        var oracle = config.Oracle is { } named ? await ShapeAsync(named, config, "oracle", ct) : null;
        var estimate = MemoryEstimate.Of(config.BatchSize, student.SequenceLength, student.Shape, teacher?.Shape,
                                         config.Objectives.Any(o => ObjectiveKinds.IsFeature(o.Kind)),
                                         config.Leaf is null ? null : LeafDetectionBatch, oracle?.Shape);
        // The refusal names the field of the largest model: the one to make smaller.
        var field = new[] { student, teacher, oracle }.OfType<Sized>().MaxBy(m => m.Shape.Parameters)!.Field;
        return Budget(config).Refusal(estimate) is { } message ? (estimate, new ValidationError(field, message)) : (estimate, null);
    }

    /// <summary>The budget: Workbench:MemoryBudgetMb, else Workbench:MemoryBudgetFraction of the GPU's memory (CUDA runs) or of RAM.</summary>
    public MemoryBudget Budget(RunConfig config)
    {
        var o = options.Value;
        if (o.MemoryBudgetMb > 0) return new(o.MemoryBudgetMb << 20, $"Workbench:MemoryBudgetMb {o.MemoryBudgetMb}");
        if (config.Device != "cpu" && machine.GpuBytes is { } gpu)
            return new((long)(o.MemoryBudgetFraction * gpu), $"Workbench:MemoryBudgetFraction {o.MemoryBudgetFraction:0.##} of the GPU's {MemoryEstimate.Format(gpu)}");
        return RamBudget();
    }

    /// <summary>
    /// The worker's hard limit on resident memory: Workbench:WorkerMemoryLimitMb, else the estimate × 1.5, at least 2 GB and
    /// at most the RAM budget (on a GPU the estimate is the GPU's memory, so the RAM budget is the limit).
    /// </summary>
    public long WorkerLimitBytes(RunConfig config, MemoryEstimate estimate)
    {
        var o = options.Value;
        if (o.WorkerMemoryLimitMb > 0) return o.WorkerMemoryLimitMb << 20;
        var ram = RamBudget().Bytes;
        if (config.Device != "cpu" && machine.GpuBytes is not null) return ram;
        return Math.Min(ram, Math.Max(LimitFloorBytes, (long)(estimate.TotalBytes * LimitMargin)));
    }

    private MemoryBudget RamBudget()
    {
        var o = options.Value;
        return o.MemoryBudgetMb > 0
            ? new(o.MemoryBudgetMb << 20, $"Workbench:MemoryBudgetMb {o.MemoryBudgetMb}")
            : new((long)(o.MemoryBudgetFraction * machine.PhysicalBytes),
                  $"Workbench:MemoryBudgetFraction {o.MemoryBudgetFraction:0.##} of {MemoryEstimate.Format(machine.PhysicalBytes)}");
    }

    private sealed record Sized(ModelMemoryShape Shape, int SequenceLength, string Field);

    // A folder: its registered shape. A run or a checkpoint: the model its run trained (one level; deeper chains use the fields given).
    private async Task<Sized> ShapeAsync(ModelRef model, RunConfig config, string role, CancellationToken ct, int depth = 0)
    {
        if (model.Run is { } runId && depth == 0 && await store.GetAsync(runId, ct) is { } source)
        {
            var trained = RunConfigJson.Deserialize(source.ConfigJson);
            var sized = await ShapeAsync(trained.Student, trained, role, ct, depth + 1);
            return sized with { Field = $"{role}.run" };
        }
        if (model.Path is { } path && (await folders.ResolveAsync(path, $"{role}.path", ct)).Folder is { } folder)
            return new(new(folder.ParameterCount, folder.Layers, folder.HiddenSize, folder.AttentionHeads, folder.VocabSize), FolderSequenceLength, $"{role}.path");
        if (model.Checkpoint is { } reference && depth == 0 && await store.ResolveCheckpointAsync(reference, ct) is { Run: { } run })
        {
            var trained = RunConfigJson.Deserialize(run.ConfigJson);
            var sized = await ShapeAsync(trained.Student, trained, role, ct, depth + 1);
            return sized with { Field = $"{role}.checkpoint" };
        }
        var vocabulary = BuiltInDatasets.All.Contains(config.Dataset) ? BuiltInVocabulary : ImportedVocabulary;
        return new(ModelMemoryShape.Gpt(model, vocabulary), model.Context, $"{role}.width");
    }
}
