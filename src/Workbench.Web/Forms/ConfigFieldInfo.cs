using System.Text.Json.Nodes;

namespace Workbench.Web.Forms;

/// <summary>
/// What the form knows about one config field: where it lives (<see cref="Path"/>, a pattern such as
/// <c>objectives[].temperature</c>), its label and editor, and when it applies. The validator's messages
/// find the field by the same path.
/// </summary>
public sealed record ConfigFieldInfo(string Path, string Label, ConfigFieldKind Kind, ConfigSection Section)
{
    /// <summary>Entries of a choice field; the page may supply others (datasets, checkpoints).</summary>
    public IReadOnlyList<ConfigChoice> Choices { get; init; } = [];
    public string? Helper { get; init; }
    /// <summary>Shown in an empty optional field: what null means.</summary>
    public Func<JsonObject, string?>? Placeholder { get; init; }
    /// <summary>Label that depends on the owning object (a term's parameter is β, α or k by kind); default <see cref="Label"/>.</summary>
    public Func<JsonObject, string>? LabelFor { get; init; }
    public double Step { get; init; } = 1;
    public string? Format { get; init; }
    /// <summary>Narrowest width of the editor, in rem (a long choice such as an objective's name needs more). Default 9.</summary>
    public double MinWidthRem { get; init; } = 9;
    /// <summary>Takes a whole row of the section.</summary>
    public bool Wide { get; init; }
    /// <summary>Whether the field is shown, given the object that holds it (a term's kind, a model's source); default always.</summary>
    public Func<JsonObject, bool>? AppliesTo { get; init; }
    /// <summary>Whether the field can be edited, given its owner (λ only when mixing is paired); default always.</summary>
    public Func<JsonObject, bool>? EnabledWhen { get; init; }
    /// <summary>A <see cref="ConfigFieldKind.Section"/>'s content when switched on.</summary>
    public Func<object>? NewSection { get; init; }
    /// <summary>Runs on the owner after a write (a new objective kind drops the parameters it does not take).</summary>
    public Action<JsonObject>? AfterSet { get; init; }

    public bool Applies(JsonObject owner) => AppliesTo?.Invoke(owner) ?? true;
    public bool Enabled(JsonObject owner) => EnabledWhen?.Invoke(owner) ?? true;
    public string LabelOf(JsonObject owner) => LabelFor?.Invoke(owner) ?? Label;
}
