using Microsoft.AspNetCore.Components;
using Workbench.Web.Forms;

namespace Workbench.Web.Components.Controls;

/// <summary>
/// Edits the field of a <see cref="ConfigDraft"/> at <see cref="Path"/> with the editor its <see cref="ConfigFields"/>
/// row describes. The element id is <see cref="ConfigPath.ElementId"/> of the path, and the validation message is
/// the validator's error for that same path. Renders nothing when the field does not apply (a temperature on
/// cross-entropy, a shape on a model loaded from a checkpoint).
/// </summary>
public sealed partial class ConfigField : IDisposable
{
    private ConfigDraft? _subscribed;

    /// <summary>The draft being edited (cascaded by the form). Required.</summary>
    [CascadingParameter] public required ConfigDraft Draft { get; set; }

    /// <summary>A config path such as <c>leaf.rho</c> or <c>objectives[1].temperature</c>; it must match a row of <see cref="ConfigFields"/>. Required.</summary>
    [Parameter, EditorRequired] public required string Path { get; set; }

    /// <summary>Entries of a choice field (datasets, checkpoints); default: the row's own.</summary>
    [Parameter] public IReadOnlyList<ConfigChoice>? Choices { get; set; }

    /// <summary>Further error paths shown on this field (a teacher's <c>teacher.checkpoint</c> on its select). Default: none.</summary>
    [Parameter] public IReadOnlyList<string> AlsoErrorsOf { get; set; } = [];

    private ConfigFieldInfo Info => ConfigFields.Find(Path) ?? throw new InvalidOperationException($"No form row for config path '{Path}'.");
    private System.Text.Json.Nodes.JsonObject Owner => Draft.Owner(Path);
    private bool Applies => Info.Applies(Owner);
    private bool Disabled => !Info.Enabled(Owner);
    private string Id => ConfigPath.ElementId(Path);
    private string Label => Info.LabelOf(Owner);
    private string? Placeholder => Info.Placeholder?.Invoke(Owner);
    private string? Error => Draft.ErrorFor([Path, .. AlsoErrorsOf]);
    private string Style => Info.Kind == ConfigFieldKind.Section ? "" : Info.Wide ? "flex: 1 1 100%"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"flex: 1 1 {Info.MinWidthRem}rem; min-width: {Info.MinWidthRem}rem");

    private string ChoiceValue => Info.Kind == ConfigFieldKind.Model ? ModelChoices.Of(Draft.Node(Path)) : Draft.Get<string>(Path) ?? "";

    // A value the list does not offer (a clone's checkpoint id, a config from the API) is still shown and kept.
    private IEnumerable<ConfigChoice> ShownChoices
    {
        get
        {
            var choices = Choices ?? Info.Choices;
            var value = ChoiceValue;
            return choices.Any(c => c.Value == value) ? choices : [.. choices, new ConfigChoice(value, $"{value} (from this config)")];
        }
    }

    // Any edit can change this field's visibility or message (a new kind hides the temperature, heads make a width wrong).
    protected override void OnParametersSet()
    {
        if (ReferenceEquals(_subscribed, Draft)) return;
        if (_subscribed is not null) _subscribed.Changed -= StateHasChanged;
        _subscribed = Draft;
        Draft.Changed += StateHasChanged;
    }

    public void Dispose()
    {
        if (_subscribed is not null) _subscribed.Changed -= StateHasChanged;
    }

    // MudBlazor re-validates a field on blur and would clear an error set from outside; the same rule keeps it.
    private Func<T, string?> Rule<T>() => _ => Error;

    // Optional text (a layer map) is written trimmed, and an empty one as null: the kind's default.
    private void SetText(string? value)
    {
        if (Info.Kind == ConfigFieldKind.OptionalText) value = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        Draft.Set(Path, value, Info.AfterSet);
    }

    private void SetChoice(string? value)
    {
        if (Info.Kind == ConfigFieldKind.Model) Draft.SetNode(Path, ModelChoices.ToNode(value ?? "", Draft.Node(Path)));
        else Draft.Set(Path, Info.Kind == ConfigFieldKind.OptionalChoice && string.IsNullOrEmpty(value) ? null : value, Info.AfterSet);
    }

    private void SetSection(bool on)
    {
        if (on) Draft.Set(Path, Info.NewSection!());
        else Draft.Remove(Path);
    }
}
