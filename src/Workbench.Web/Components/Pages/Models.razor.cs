using Microsoft.AspNetCore.Components;
using MudBlazor;
using Workbench.Storage;
using Workbench.Web.Api;
using Workbench.Web.ModelFolders;

namespace Workbench.Web.Components.Pages;

/// <summary>Registered Hugging Face model folders: register one by path (validated, errors on the field), list, unregister.</summary>
public sealed partial class Models
{
    private IReadOnlyList<ModelFolderDto>? _folders;
    private string? _path;
    private string? _name;
    private string? _pathError;
    private string? _nameError;
    private bool _registering;

    [Inject] public required ModelFolderService Folders { get; init; }
    [Inject] public required ModelFolderStore Store { get; init; }
    [Inject] public required ModelRoots Roots { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync() => _folders = [.. (await Store.ListAsync()).Select(ModelFolderDto.From)];

    private async Task RegisterAsync()
    {
        _registering = true;
        (_pathError, _nameError) = (null, null);
        try
        {
            var (folder, error) = await Folders.RegisterAsync(_path?.Trim(), _name);
            if (folder is null)
            {
                if (error!.Field == "name") _nameError = error.Message;
                else _pathError = error.Message;
                return;
            }
            (_path, _name) = (null, null);
            Snackbar.Add($"Registered '{folder.Name}'.", Severity.Success);
            await LoadAsync();
        }
        finally
        {
            _registering = false;
        }
    }

    private async Task DeleteAsync(ModelFolderDto folder)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Unregister model folder",
            $"Unregister '{folder.Name}'? The folder {folder.Path} and its files are not touched; runs that used it keep their results.",
            yesText: "Unregister", cancelText: "Cancel");
        if (confirmed != true) return;
        await Store.DeleteAsync(folder.Id);
        await LoadAsync();
    }
}
