using System.Text.Json;
using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.Experiments.Sweeps;
using Workbench.Storage;
using Workbench.Storage.Entities;
using Workbench.Web.Hosting;
using Workbench.Web.Live;

namespace Workbench.Web.Orchestration;

/// <summary>Queues sweeps as groups: expanded, every run checked as a single submission would be, then saved whole.</summary>
public sealed class SweepService(RunService runs, GroupStore groups, RunEventFeed feed, RunScheduler scheduler)
{
    /// <summary>The queued group and its runs in queue order, or the errors (<c>axes[1].path</c>, <c>runs[3].teacher.checkpoint</c>, ...).</summary>
    public async Task<(RunGroupEntity? Group, IReadOnlyList<ValidationError> Errors)> SubmitAsync(SweepSpec? spec, CancellationToken ct = default)
    {
        var expansion = SweepExpander.Expand(spec);
        if (!expansion.IsValid) return (null, expansion.Errors);
        var configs = new List<RunConfig>(expansion.Runs.Count);
        var errors = new List<ValidationError>();
        // The expander has run the validator on every run; what is left (resolving teacher and student, finding the dataset
        // and model folders) depends only on these four, which most sweeps share: each distinct set is checked once.
        var checkedOnce = new Dictionary<(ModelRef?, ModelRef, string, bool), (RunConfig? Config, IReadOnlyList<ValidationError> Errors)>();
        for (var i = 0; i < expansion.Runs.Count; i++)
        {
            var config = expansion.Runs[i].Config;
            var key = (config.Teacher, config.Student, config.Dataset, config.UsesTeacher);
            if (!checkedOnce.TryGetValue(key, out var check)) checkedOnce[key] = check = await runs.CheckAsync(config, ct);
            errors.AddRange(check.Errors.Select(e => e with { Field = $"runs[{i}].{e.Field}" }));
            if (check.Config is { } resolved) configs.Add(config with { Teacher = resolved.Teacher, Student = resolved.Student });
            if (errors.Count >= 100) break;
        }
        if (errors.Count > 0) return (null, errors);

        var group = new RunGroupEntity
        {
            Name = spec!.Name,
            SweepJson = JsonSerializer.Serialize(spec, RunConfigJson.Options),
            BaselineJson = spec.Baseline is { Count: > 0 } baseline ? JsonSerializer.Serialize(baseline, RunConfigJson.Options) : null,
            Notes = string.IsNullOrWhiteSpace(spec.Notes) ? null : spec.Notes,
        };
        await groups.CreateWithRunsAsync(group, configs, ct);
        foreach (var run in group.Runs) feed.Publish(new RunCreated(run.Id));
        scheduler.Wake();
        return (group, []);
    }

    /// <summary>
    /// Queues the built-in LeaF demo: the teacher and the pre-KD student, then one group of KD w/o mask against LeaF for three
    /// seeds that names those two runs by id. A refused part (over the memory budget, say) leaves nothing queued and gives the
    /// errors, each field prefixed with the part (<c>teacher.student.width</c>, <c>group.runs[0].batchSize</c>).
    /// </summary>
    public async Task<(LeafDemoSubmission? Submission, IReadOnlyList<ValidationError> Errors)> SubmitLeafDemoAsync(CancellationToken ct = default)
    {
        var recipe = new RecipeSubmission(runs);
        if (await recipe.QueueAsync("teacher", LeafDemo.Teacher, ct) is not { } teacher
            || await recipe.QueueAsync("student", LeafDemo.Student, ct) is not { } student
            || await QueueGroupAsync(recipe, LeafDemo.Sweep(teacher, student), ct) is not { } group)
            return (null, await recipe.WithdrawAsync(ct));
        return (new LeafDemoSubmission(teacher, student, group.Id, group.Runs.Select(r => r.Id).ToList()), []);
    }

    /// <summary>
    /// Queues the built-in teacher-hacking recipe (<see cref="Experiments.TeacherHacking.TeacherHackingDemo"/>): the oracle, the
    /// teacher trained on its completions, then one group of offline against on-policy students for three seeds. A refused
    /// part leaves nothing queued, as for <see cref="SubmitLeafDemoAsync"/>.
    /// </summary>
    public async Task<(TeacherHackingDemoSubmission? Submission, IReadOnlyList<ValidationError> Errors)> SubmitTeacherHackingDemoAsync(CancellationToken ct = default)
    {
        var recipe = new RecipeSubmission(runs);
        if (await recipe.QueueAsync("oracle", Experiments.TeacherHacking.TeacherHackingDemo.Oracle, ct) is not { } oracle
            || await recipe.QueueAsync("teacher", Experiments.TeacherHacking.TeacherHackingDemo.Teacher with { Teacher = new ModelRef { Run = oracle } }, ct) is not { } teacher
            || await QueueGroupAsync(recipe, Experiments.TeacherHacking.TeacherHackingDemo.Sweep(oracle, teacher), ct) is not { } group)
            return (null, await recipe.WithdrawAsync(ct));
        return (new TeacherHackingDemoSubmission(oracle, teacher, group.Id, group.Runs.Select(r => r.Id).ToList()), []);
    }

    private async Task<RunGroupEntity?> QueueGroupAsync(RecipeSubmission recipe, SweepSpec spec, CancellationToken ct)
    {
        var (group, errors) = await SubmitAsync(spec, ct);
        recipe.Refused("group", errors);
        return group;
    }
}
