using Microsoft.AspNetCore.Components;
using Workbench.Experiments;
using Workbench.Storage;
using Workbench.Web.Hosting;

namespace Workbench.Web.Components.Pages;

/// <summary>Configure a run (or start from a preset), see every problem by field, and queue it.</summary>
public sealed partial class NewRun
{
    private NewRunForm _form = NewRunForm.From(RunPresets.DemoDistill.Config);
    private string _presetId = RunPresets.DemoDistill.Id;
    private IReadOnlyList<(string Value, string Label)> _teacherOptions = [];
    private IReadOnlyList<(string Value, string Label)> _folderOptions = [];
    private IReadOnlyList<(string Value, string Label)> _datasetOptions = [];
    private bool _submitting;

    [Inject] public required RunStore Store { get; init; }
    [Inject] public required DatasetStore Datasets { get; init; }
    [Inject] public required ModelFolderStore ModelFolders { get; init; }
    [Inject] public required ModelFolders.PresetCatalog Presets { get; init; }
    [Inject] public required RunService Runs { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    protected override async Task OnInitializedAsync()
    {
        var candidates = await Store.TeacherCandidatesAsync();
        var options = candidates.Select(c => (c.Id.ToString(), $"{c.Run!.Name} (run #{c.RunId}, checkpoint #{c.Id}, step {c.Step})")).ToList();
        // A run name stands for its newest completed checkpoint, and may name a teacher still training.
        foreach (var name in candidates.Select(c => c.Run!.Name).Append(RunPresets.DemoTeacherName)
                                     .Append(Experiments.Leaf.LeafDemo.StudentName).Append(Experiments.Leaf.LeafDemo.TeacherName)
                                     .Append(HuggingFaceDemo.TeacherRunName).Distinct())
            options.Insert(0, (name, $"{name} (newest completed run of that name)"));
        _teacherOptions = options;
        _folderOptions = [.. (await ModelFolders.ListAsync()).Select(f => (NewRunForm.FolderChoice(f.Path),
            $"{f.Name} (model folder: {f.Architecture}, {Controls.ParameterCounts.Short(f.ParameterCount)} parameters)"))];
        _datasetOptions =
        [
            .. BuiltInDatasets.All.Select(d => (d, $"{d} (built-in{(BuiltInDatasets.HasDistractors(d) ? ", with distractor spans" : " word problems")})")),
            .. (await Datasets.ListAsync()).Select(d => (Experiments.Datasets.DatasetRefs.Imported(d.Name), $"{d.Name} (imported, {d.SampleCount:N0} samples)")),
        ];
    }

    private void ApplyPreset(string id)
    {
        _presetId = id;
        _form = NewRunForm.From(Presets.All.Single(p => p.Id == id).Config);
    }

    private bool Has(string field) => _form.ErrorFor(field) is not null;

    // MudBlazor re-validates a field on blur and would clear an Error set from outside; handing it the same
    // rule keeps the message (the form's value is already updated, since every field is Immediate).
    private Func<int, string?> IntRule(string field) => _ => _form.ErrorFor(field);
    private Func<int?, string?> NullableIntRule(string field) => _ => _form.ErrorFor(field);
    private Func<double, string?> DoubleRule(string field) => _ => _form.ErrorFor(field);
    private Func<string, string?> TextRule(string field) => _ => _form.ErrorFor(field);

    private void Set(Action change)
    {
        change();
        _form.Validate();
    }

    private async Task StartAsync()
    {
        if (!_form.Validate()) return;
        _submitting = true;
        try
        {
            var (run, errors) = await Runs.SubmitAsync(_form.ToConfig());
            if (run is null)
            {
                _form.Validate(errors);
                return;
            }
            Navigation.NavigateTo($"/runs/{run.Id}");
        }
        finally
        {
            _submitting = false;
        }
    }
}
