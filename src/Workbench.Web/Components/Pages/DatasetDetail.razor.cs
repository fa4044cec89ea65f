using Microsoft.AspNetCore.Components;
using Workbench.Experiments.Datasets;
using Workbench.Storage;
using Workbench.Storage.Entities;
using Workbench.Web.Hosting;

namespace Workbench.Web.Components.Pages;

/// <summary>One imported dataset: its counts per split, adding a split, and a paged preview of its samples, optionally of one split.</summary>
public sealed partial class DatasetDetail
{
    public const int PageSize = 20;
    private const string AllSplits = "";

    private DatasetEntity? _dataset;
    private IReadOnlyList<DatasetSplitCount> _splitCounts = [];
    private DatasetSamplePage? _page;
    private string _split = AllSplits;
    private int _pageIndex;
    private bool _notFound;

    [Parameter] public int DatasetId { get; set; }

    [Inject] public required DatasetStore Store { get; init; }
    [Inject] public required DataPaths Paths { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required MudBlazor.IDialogService Dialogs { get; init; }

    private int PageCount => _page is null ? 0 : (_page.Total + PageSize - 1) / PageSize;

    // "40 train, 5 eval, 0 test, 12 ood": the usual three always, then the others.
    private string SplitSummary => string.Join(", ",
        new[] { DatasetSplitNames.Train, DatasetSplitNames.Eval, DatasetSplitNames.Test }
            .Select(name => new DatasetSplitCount(name, _splitCounts.FirstOrDefault(c => c.Split == name)?.Count ?? 0))
            .Concat(_splitCounts.Where(c => c.Split is not (DatasetSplitNames.Train or DatasetSplitNames.Eval or DatasetSplitNames.Test)))
            .Select(c => $"{c.Count:N0} {c.Split}"));

    protected override Task OnParametersSetAsync() => ReloadAsync();

    // Also after a split was added: new counts, and the filter's choices.
    private async Task ReloadAsync()
    {
        _dataset = await Store.GetAsync(DatasetId);
        _notFound = _dataset is null;
        _pageIndex = 0;
        if (_dataset is null) return;
        _splitCounts = await Store.GetSplitCountsAsync(DatasetId);
        if (_split != AllSplits && _splitCounts.All(c => c.Split != _split)) _split = AllSplits;
        await LoadPageAsync();
    }

    private async Task SelectSplitAsync(string split)
    {
        _split = split;
        _pageIndex = 0;
        await LoadPageAsync();
    }

    private async Task SelectPageAsync(int page)
    {
        _pageIndex = page - 1;
        await LoadPageAsync();
    }

    private async Task LoadPageAsync()
    {
        _page = await Store.GetSamplesAsync(DatasetId, _split == AllSplits ? null : _split, _pageIndex * PageSize, PageSize);
    }

    private async Task DeleteAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete dataset",
            $"Delete '{_dataset!.Name}' and its {_dataset.SampleCount:N0} samples? Runs that used it keep their results.",
            yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true) return;
        await Store.DeleteAsync(DatasetId, Paths.Root);
        Navigation.NavigateTo("/datasets");
    }
}
