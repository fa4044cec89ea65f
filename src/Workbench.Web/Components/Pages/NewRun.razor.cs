using Microsoft.AspNetCore.Components;
using Workbench.Experiments;
using Workbench.Experiments.Evaluation;
using Workbench.Storage;
using Workbench.Web.Forms;
using Workbench.Web.Hosting;
using Workbench.Web.Orchestration;

namespace Workbench.Web.Components.Pages;

/// <summary>
/// Configure a run as one draft of its config: start from a preset (<c>?preset=</c>) or a clone of a run
/// (<c>?from=&lt;run id&gt;</c>), edit any field, see every problem by field, and queue it.
/// </summary>
public sealed partial class NewRun : IDisposable
{
    private const string ObjectivesPath = "objectives";
    private const string EvalSetsPath = "evalSets";

    private ConfigDraft _draft = ConfigDraft.From(RunPresets.DemoDistill.Config);
    private string? _presetId = RunPresets.DemoDistill.Id;
    private string? _notice;
    private IReadOnlyList<ConfigChoice> _teacherChoices = [];
    private IReadOnlyList<ConfigChoice> _oracleChoices = [];
    private IReadOnlyList<ConfigChoice> _studentChoices = [];
    private IReadOnlyList<ConfigChoice> _datasetChoices = [];
    private IReadOnlyList<ConfigChoice> _evalSetDatasetChoices = [];
    private bool _submitting;
    private (int? From, string? Preset)? _loadedFrom;

    [Inject] public required RunStore Store { get; init; }
    [Inject] public required DatasetStore Datasets { get; init; }
    [Inject] public required ModelFolderStore ModelFolders { get; init; }
    [Inject] public required ModelFolders.PresetCatalog Presets { get; init; }
    [Inject] public required RunService Runs { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    /// <summary>A run whose config to start from, named "&lt;name&gt;-clone".</summary>
    [SupplyParameterFromQuery(Name = "from")] public int? From { get; set; }

    /// <summary>A preset id to start from; default: the demo distillation.</summary>
    [SupplyParameterFromQuery(Name = "preset")] public string? Preset { get; set; }

    protected override Task OnInitializedAsync() => LoadChoicesAsync();

    // The page stays when only the query changes (Clone, then New run in the menu): load what the new address names.
    protected override async Task OnParametersSetAsync()
    {
        if (_loadedFrom == (From, Preset)) return;
        _loadedFrom = (From, Preset);
        if (From is { } runId) await CloneAsync(runId);
        else ApplyPreset(Preset is { } id && Presets.All.Any(p => p.Id == id) ? id : RunPresets.DemoDistill.Id);
    }

    private async Task LoadChoicesAsync()
    {
        var candidates = await Store.TeacherCandidatesAsync();
        var checkpoints = candidates.Select(c => new ConfigChoice(c.Id.ToString(), $"{c.Run!.Name} (run #{c.RunId}, checkpoint #{c.Id}, step {c.Step})")).ToList();
        // A run name stands for its newest completed checkpoint, and may name a teacher still training.
        var names = candidates.Select(c => c.Run!.Name).Append(RunPresets.DemoTeacherName)
            .Append(Experiments.Leaf.LeafDemo.StudentName).Append(Experiments.Leaf.LeafDemo.TeacherName)
            .Append(HuggingFaceDemo.TeacherRunName)
            .Append(Experiments.TeacherHacking.TeacherHackingDemo.OracleName).Append(Experiments.TeacherHacking.TeacherHackingDemo.TeacherName).Distinct().Reverse()
            .Select(name => new ConfigChoice(name, $"{name} (newest completed run of that name)"));
        var folders = (await ModelFolders.ListAsync()).Select(f => new ConfigChoice(ModelChoices.Folder(f.Path),
            $"{f.Name} (model folder: {f.Architecture}, {Controls.ParameterCounts.Short(f.ParameterCount)} parameters)"));
        List<ConfigChoice> sources = [.. folders, .. names, .. checkpoints];
        _teacherChoices = [new(ModelChoices.None, "None: supervised training of the model below"), .. sources];
        _oracleChoices = [new(ModelChoices.None, "None: no golden metrics"), .. sources];
        _studentChoices = [new(ModelChoices.Fresh, "A fresh initialisation with this shape"), .. sources];
        _datasetChoices =
        [
            .. BuiltInDatasets.All.Select(d => new ConfigChoice(d, $"{d} (built-in{(BuiltInDatasets.HasDistractors(d) ? ", with distractor spans" : " word problems")})")),
            .. (await Datasets.ListAsync()).Select(d => new ConfigChoice(Experiments.Datasets.DatasetRefs.Imported(d.Name), $"{d.Name} (imported, {d.SampleCount:N0} samples)")),
        ];
        _evalSetDatasetChoices = [new("", "The run's dataset"), .. _datasetChoices];
    }

    private async Task CloneAsync(int runId)
    {
        if (await Store.GetAsync(runId) is not { } run)
        {
            ApplyPreset(RunPresets.DemoDistill.Id);
            _notice = $"Run #{runId} does not exist; starting from the demo preset instead.";
            return;
        }
        var draft = ConfigDraft.Parse(run.ConfigJson);
        draft.Set("name", $"{run.Name}-clone");
        _presetId = null;
        _notice = $"A clone of run #{run.Id} ({run.Name}): edit anything, then start.";
        Use(draft);
    }

    private void ApplyPreset(string id)
    {
        _presetId = id;
        _notice = null;
        Use(ConfigDraft.From(Presets.All.Single(p => p.Id == id).Config));
    }

    private void Use(ConfigDraft draft)
    {
        _draft.Changed -= StateHasChanged;
        _draft = draft;
        _draft.Changed += StateHasChanged;
        _draft.Validate();
    }

    private IReadOnlyList<ConfigChoice>? ChoicesFor(string path) => path switch
    {
        "teacher" => _teacherChoices,
        "student" => _studentChoices,
        "oracle" => _oracleChoices,
        "dataset" => _datasetChoices,
        "evalSets[].dataset" => _evalSetDatasetChoices,
        _ => null,
    };

    private static IReadOnlyList<string> ModelErrors(string path) =>
        path is "teacher" or "student" or "oracle" ? [$"{path}.checkpoint", $"{path}.path"] : [];

    /// <summary>Fields of the draft this form has no row for (added to the record later, or sent by the API): kept, and named.</summary>
    private IReadOnlyList<string> OtherFields => ConfigDraftFields.Uncovered(_draft.Json);

    private string? NextObjectiveKind
    {
        get
        {
            var used = Enumerable.Range(0, _draft.Count(ObjectivesPath)).Select(i => _draft.Get<string>($"{ObjectivesPath}[{i}].kind")).ToHashSet();
            return ObjectiveKinds.All.FirstOrDefault(k => !used.Contains(k));
        }
    }

    private void AddObjective()
    {
        if (NextObjectiveKind is { } kind) _draft.Append(ObjectivesPath, new ObjectiveTerm { Kind = kind });
    }

    private void AddEvalSet() =>
        _draft.Append(EvalSetsPath, new EvalSet($"set{_draft.Count(EvalSetsPath) + 1}", null, "test"));

    private async Task StartAsync()
    {
        if (!_draft.Validate() || _draft.ToConfig() is not { } config) return;
        _submitting = true;
        try
        {
            var (run, errors) = await Runs.SubmitAsync(config);
            if (run is null)
            {
                _draft.Validate(errors);
                return;
            }
            Navigation.NavigateTo($"/runs/{run.Id}");
        }
        finally
        {
            _submitting = false;
        }
    }

    public void Dispose() => _draft.Changed -= StateHasChanged;
}
