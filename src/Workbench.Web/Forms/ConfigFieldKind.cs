namespace Workbench.Web.Forms;

/// <summary>How a config field is edited, and how an empty input is written.</summary>
public enum ConfigFieldKind
{
    Text,
    /// <summary>Text where an empty input writes null (the default).</summary>
    OptionalText,
    Integer,
    /// <summary>An integer where an empty input writes null (the default).</summary>
    OptionalInteger,
    Number,
    /// <summary>A number where an empty input writes null (the default).</summary>
    OptionalNumber,
    Choice,
    /// <summary>A choice whose "" entry writes null (the default).</summary>
    OptionalChoice,
    /// <summary>On or off (a bool field such as <c>data.packing</c>).</summary>
    Switch,
    /// <summary>An optional section (an object such as <c>leaf</c>): a switch that adds it with defaults or removes it.</summary>
    Section,
    /// <summary>A model (<c>teacher</c>, <c>student</c>): none, a fresh shape, a checkpoint or run, or a model folder.</summary>
    Model,
}
