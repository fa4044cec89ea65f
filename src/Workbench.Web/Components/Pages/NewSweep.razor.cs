using Microsoft.AspNetCore.Components;
using Workbench.Experiments;
using Workbench.Experiments.Sweeps;
using Workbench.Storage;
using Workbench.Storage.Entities;
using Workbench.Web.Hosting;
using Workbench.Web.Orchestration;

namespace Workbench.Web.Components.Pages;

/// <summary>
/// Queue a sweep: start from a preset or clone a run's config, add axes (a path and comma-separated values) and seeds, see
/// how many runs it makes and their names (or every problem by field) as you type, and Start, which opens the group.
/// </summary>
public sealed partial class NewSweep
{
    private const int PreviewRows = 50;
    private const int RecentRuns = 50;

    private SweepDraft _draft = new();
    private string _source = "";
    private IReadOnlyList<RunEntity> _recentRuns = [];
    private IReadOnlyList<SweepRun> _preview = [];
    private IReadOnlyList<ValidationError> _errors = [];
    private bool _submitting;

    [Inject] public required RunStore Store { get; init; }
    [Inject] public required ModelFolders.PresetCatalog Presets { get; init; }
    [Inject] public required SweepService Sweeps { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    /// <summary>?run=12 clones that run's config as the base.</summary>
    [SupplyParameterFromQuery(Name = "run")] public int? CloneRun { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _recentRuns = (await Store.ListAsync()).Take(RecentRuns).ToList();
        await ApplySourceAsync(CloneRun is { } id ? $"run:{id}" : $"preset:{RunPresets.DemoDistill.Id}");
    }

    // Every "path=value" the baseline can be: each value of each axis as typed.
    private IEnumerable<string> BaselineOptions =>
        _draft.Axes.Where(a => a.Path.Trim().Length > 0)
            .SelectMany(a => a.Values.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(v => $"{a.Path.Trim()}={v}"));

    private async Task ApplySourceAsync(string source)
    {
        RunConfig? config = null;
        if (source.StartsWith("preset:", StringComparison.Ordinal))
            config = Presets.All.FirstOrDefault(p => p.Id == source["preset:".Length..])?.Config;
        else if (source.StartsWith("run:", StringComparison.Ordinal) && int.TryParse(source["run:".Length..], out var id)
                 && await Store.GetAsync(id) is { } run)
            config = Controls.RunSummary.TryParse(run.ConfigJson);
        if (config is null) return;
        _source = source;
        var axes = _draft.Axes.ToList();
        var seeds = _draft.Seeds;
        _draft = SweepDraft.From(config);
        _draft.Axes.Clear();
        _draft.Axes.AddRange(axes);   // keep the axes typed so far: only the base changed
        _draft.Seeds = seeds;
        Refresh();
    }

    private void Edit(Action change)
    {
        change();
        Refresh();
    }

    private void Refresh()
    {
        var (spec, errors) = _draft.ToSpec();
        if (spec is null)
        {
            (_preview, _errors) = ([], errors);
            return;
        }
        var expansion = SweepExpander.Expand(spec);
        (_preview, _errors) = (expansion.Runs, expansion.Errors);
    }

    private bool Has(string field) => ErrorFor(field) is not null;

    private string? ErrorFor(string field) => _errors.FirstOrDefault(e => e.Field == field)?.Message;

    private async Task StartAsync()
    {
        var (spec, errors) = _draft.ToSpec();
        if (spec is null) { _errors = errors; return; }
        _submitting = true;
        try
        {
            var (group, submitErrors) = await Sweeps.SubmitAsync(spec);
            if (group is null)
            {
                _errors = submitErrors;
                return;
            }
            Navigation.NavigateTo($"/groups/{group.Id}");
        }
        finally
        {
            _submitting = false;
        }
    }
}
