using Microsoft.AspNetCore.Components;
using Workbench.Experiments;
using Workbench.Experiments.Evaluation;
using Workbench.Storage;
using Workbench.Storage.Entities;

namespace Workbench.Web.Components.Pages;

/// <summary>
/// What a run's models answered on each sample of an evaluation set: teacher, starting student and student at a chosen eval step,
/// right or wrong and whether the answer copies a confounder, filtered by what distillation changed.
/// </summary>
public sealed partial class RunPredictions
{
    private RunEntity? _run;
    private IReadOnlyList<string> _sets = [];
    private PredictionsPage? _page;
    private string? _set;
    private long? _step;
    private string _filter = PredictionFilters.All;
    private bool _notFound;

    [Parameter] public int RunId { get; set; }
    [SupplyParameterFromQuery(Name = "set")] public string? SetParameter { get; set; }
    [SupplyParameterFromQuery(Name = "filter")] public string? FilterParameter { get; set; }

    [Inject] public required RunStore Runs { get; init; }
    [Inject] public required PredictionStore Predictions { get; init; }

    private int StepIndex => _page is null ? 0 : Math.Max(0, _page.Steps.ToList().IndexOf(_page.Step));

    protected override async Task OnParametersSetAsync()
    {
        _run = await Runs.GetAsync(RunId);
        _notFound = _run is null;
        if (_run is null) return;
        _set = SetParameter;
        _filter = FilterParameter is { } f && PredictionFilters.Names.Contains(f) ? f : PredictionFilters.All;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _sets = await Predictions.SetsAsync(RunId);
        if (_set is null || !_sets.Contains(_set)) _set = _sets.Count > 0 ? _sets[0] : null;
        if (_set is null) return;
        var steps = await Predictions.StepsAsync(RunId, _set);
        if (_step is { } step && !steps.Contains(step)) _step = null;
        _page = await Predictions.GetAsync(RunId, _set, _step, _filter);
    }

    private async Task SelectSetAsync(string set)
    {
        (_set, _step) = (set, null);
        await LoadAsync();
    }

    private async Task SelectFilterAsync(string filter)
    {
        _filter = filter ?? PredictionFilters.All;
        await LoadAsync();
    }

    private async Task SelectStepIndexAsync(int index)
    {
        if (_page is null || index < 0 || index >= _page.Steps.Count) return;
        _step = _page.Steps[index];
        await LoadAsync();
    }

    private static IReadOnlyList<CharSpan> SpansOf(PredictionRow row) =>
        [.. row.Spans.Where(s => s.Length == 2 && s[0] >= 0 && s[0] <= s[1] && s[1] <= row.Prompt.Length).Select(s => new CharSpan(s[0], s[1])).OrderBy(s => s.Start)];

    private static string FilterTitle(string filter) => filter switch
    {
        PredictionFilters.Fixed => "fixed by distillation",
        PredictionFilters.Broken => "broken by it",
        PredictionFilters.StillWrong => "still wrong",
        PredictionFilters.Copied => "copied a confounder",
        _ => "all",
    };
}
