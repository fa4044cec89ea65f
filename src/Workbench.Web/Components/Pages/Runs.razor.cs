using System.Diagnostics;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Workbench.Experiments;
using Workbench.Storage;
using Workbench.Web.Analysis;
using Workbench.Web.Components.Dialogs;
using Workbench.Web.Hosting;
using Workbench.Web.Live;
using Workbench.Web.Orchestration;
using Workbench.Web.Tracking;

namespace Workbench.Web.Components.Pages;

/// <summary>
/// The runs table: filter expression over config and summary metrics, chosen, pinned and grouped columns,
/// tags and notes, archive and delete, selection into a comparison, CSV export. Rows are virtualised; the
/// filter runs in memory over rows loaded once (and reloaded at most once a second while runs report).
/// </summary>
public sealed partial class Runs : IDisposable
{
    private static readonly string[] s_defaultColumns = ["group", "objective", "teacher.run", "eval/accuracy", "eval/loss", "train/loss"];

    private IReadOnlyList<RunRow>? _all;
    private IReadOnlyList<RunRow> _rows = [];
    private IReadOnlyList<string> _keys = [];
    private IReadOnlyCollection<string> _columns = s_defaultColumns;
    private HashSet<string> _pinned = [];
    private HashSet<RunRow> _selected = [];
    private string? _groupBy;
    private string? _filterText;
    private string? _filterError;
    private double? _filterMs;
    private bool _showArchived;
    private FilterExpression _filter = FilterExpression.All;
    private IDisposable? _subscription;
    private CallbackThrottler? _throttler;

    [SupplyParameterFromQuery(Name = "filter")] public string? FilterParameter { get; set; }

    // Razor attribute text is encoded once more, so the example's quotes live in C#.
    private const string FilterExample = "objective == \"forward_kl\" and eval.accuracy > 0.6";

    [Inject] public required RunTableService Table { get; init; }
    [Inject] public required RunTrackingStore Tracking { get; init; }
    [Inject] public required RunService RunService { get; init; }
    [Inject] public required SweepService Sweeps { get; init; }
    [Inject] public required RunEventFeed Feed { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required ILogger<Runs> Logger { get; init; }

    private const string FilterHelp =
        "Keys: name, status, tags, group, objective, any config key (learningRate, teacher.run, objectives[0].kind), any metric (eval.accuracy). Operators: == != < <= > >= =~ (contains), and, or, not, ( ).";

    private string CompareLink => $"/compare?runs={string.Join(',', _selected.OrderBy(r => r.Id).Select(r => r.Id))}";

    private string CsvLink =>
        $"/api/runs/table.csv?filter={Uri.EscapeDataString(_filterError is null ? _filterText ?? "" : "")}&archived={_showArchived.ToString().ToLowerInvariant()}&columns={Uri.EscapeDataString(string.Join(',', OrderedColumns))}";

    // Pinned columns first, so sticky columns sit together at the left.
    private IEnumerable<string> OrderedColumns =>
        _columns.Where(_pinned.Contains).Concat(_columns.Where(c => !_pinned.Contains(c)))
            .Concat(_groupBy is { } g && !_columns.Contains(g) ? [g] : []);

    protected override async Task OnInitializedAsync()
    {
        if (RendererInfo.IsInteractive)
        {
            _throttler = new(() => InvokeAsync(ReloadAsync), TimeSpan.FromSeconds(1), Time, Logger);
            // Metric batches change summary columns; with thousands of rows only lifecycle events reload (still at most once a second).
            _subscription = Feed.Subscribe(null, e => { if (e is not MetricsArrived || _all?.Count < 500) _throttler.Notify(); });
        }
        _filterText = FilterParameter;
        await LoadAsync();
        ApplyFilter(_filterText);
    }

    private async Task LoadAsync()
    {
        _all = await Table.LoadAsync(_showArchived);
        _keys = ["group", "objective", .. RunTableService.MetricKeys(_all), .. RunTableService.ConfigKeys(_all)];
    }

    private async Task ReloadAsync()
    {
        await LoadAsync();
        Refilter();
        StateHasChanged();
    }

    private void ApplyFilter(string? text)
    {
        _filterText = text;
        try
        {
            _filter = FilterExpression.Parse(text);
            _filterError = null;
        }
        catch (FilterSyntaxException ex)
        {
            _filterError = ex.Message;   // keep showing the last good result under the error
            return;
        }
        Refilter();
    }

    private void Refilter()
    {
        if (_all is null) return;
        var watch = Stopwatch.StartNew();
        _rows = RunTableService.Filter(_all, _filter);
        _filterMs = watch.Elapsed.TotalMilliseconds;
        _selected = _rows.Where(r => _selected.Any(s => s.Id == r.Id)).ToHashSet();
    }

    private void SetColumns(IEnumerable<string> columns) => _columns = columns.ToList();

    private void SetGroupBy(string? key) => _groupBy = string.IsNullOrEmpty(key) ? null : key;

    private async Task SetShowArchivedAsync(bool value)
    {
        _showArchived = value;
        await ReloadAsync();
    }

    private async Task EditNotesAsync(RunRow row)
    {
        var dialog = await Dialogs.ShowAsync<RunNotesDialog>("Tags and notes",
            new DialogParameters<RunNotesDialog> { { d => d.Run, row } }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false }) await ReloadAsync();
    }

    private async Task ToggleArchiveAsync()
    {
        var archive = !_selected.All(r => r.Archived);
        foreach (var row in _selected) await Tracking.UpdateAsync(row.Id, null, null, archive);
        Snackbar.Add($"{(archive ? "Archived" : "Unarchived")} {_selected.Count} run(s).", Severity.Info);
        _selected = [];
        await ReloadAsync();
    }

    private async Task DeleteSelectedAsync()
    {
        var count = _selected.Count;
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            $"Delete {count} run{(count == 1 ? "" : "s")}?",
            "Their metrics and checkpoint files are removed for good. Runs still queued or running are skipped; cancel them first.",
            yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true) return;
        var deleted = 0;
        foreach (var row in _selected.ToList())
            if (await RunService.DeleteAsync(row.Id) == RunDeletion.Deleted) deleted++;
        Snackbar.Add($"Deleted {deleted} run(s){(deleted < count ? $"; {count - deleted} still active" : "")}.", deleted < count ? Severity.Warning : Severity.Success);
        _selected = [];
        await ReloadAsync();
    }

    private async Task StartDemoAsync()
    {
        var runs = await RunService.SubmitDemoAsync();
        Navigation.NavigateTo($"/runs/{runs[0].Id}");
    }

    private async Task StartLeafDemoAsync()
    {
        var (demo, errors) = await Sweeps.SubmitLeafDemoAsync();
        if (demo is null) Snackbar.Add(errors[0].Message, MudBlazor.Severity.Warning);
        else Navigation.NavigateTo($"/groups/{demo.GroupId}");
    }

    private async Task StartTeacherHackingDemoAsync()
    {
        var (demo, errors) = await Sweeps.SubmitTeacherHackingDemoAsync();
        if (demo is null) Snackbar.Add(errors[0].Message, MudBlazor.Severity.Warning);
        else Navigation.NavigateTo($"/groups/{demo.GroupId}");
    }

    private async Task StartHuggingFaceDemoAsync()
    {
        var (runs, errors) = await RunService.SubmitHuggingFaceDemoAsync();
        if (errors.Count > 0) Snackbar.Add(errors[0].Message, MudBlazor.Severity.Warning);
        else Navigation.NavigateTo($"/runs/{runs[0].Id}");
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _throttler?.Dispose();
    }
}
