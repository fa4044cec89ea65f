using Microsoft.AspNetCore.Components;
using Workbench.Experiments.Datasets;
using Workbench.Storage;
using Workbench.Storage.Entities;
using Workbench.Web.Hosting;

namespace Workbench.Web.Components.Pages;

/// <summary>One imported dataset: its counts and a paged preview of its samples, optionally of one split.</summary>
public sealed partial class DatasetDetail
{
    public const int PageSize = 20;

    private DatasetEntity? _dataset;
    private DatasetSamplePage? _page;
    private string _split = "all";
    private int _pageIndex;
    private bool _notFound;

    [Parameter] public int DatasetId { get; set; }

    [Inject] public required DatasetStore Store { get; init; }
    [Inject] public required DataPaths Paths { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required MudBlazor.IDialogService Dialogs { get; init; }

    private int PageCount => _page is null ? 0 : (_page.Total + PageSize - 1) / PageSize;

    protected override async Task OnParametersSetAsync()
    {
        _dataset = await Store.GetAsync(DatasetId);
        _notFound = _dataset is null;
        _pageIndex = 0;
        if (_dataset is not null) await LoadPageAsync();
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
        DatasetSplit? split = DatasetSplitter.TryParse(_split, out var parsed) ? parsed : null;
        _page = await Store.GetSamplesAsync(DatasetId, split, _pageIndex * PageSize, PageSize);
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
