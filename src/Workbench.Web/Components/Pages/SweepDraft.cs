using System.Globalization;
using System.Text.Json;
using Workbench.Experiments;
using Workbench.Experiments.Sweeps;

namespace Workbench.Web.Components.Pages;

/// <summary>
/// What the New sweep page edits: a name, the base config as JSON text, axes as a path and comma-separated values, seeds
/// and an optional baseline ("leaf.mask=none"). <see cref="ToSpec"/> turns it into a <see cref="SweepSpec"/>.
/// </summary>
public sealed class SweepDraft
{
    public string Name { get; set; } = "sweep";
    public string BaseJson { get; set; } = RunConfigJson.Serialize(new RunConfig(), indented: true);
    public List<AxisDraft> Axes { get; } = [new()];
    public string Seeds { get; set; } = "1, 2, 3";
    /// <summary>"path=value" of one axis value, or empty for no baseline.</summary>
    public string Baseline { get; set; } = "";

    /// <summary>One axis row: a config path and its values as typed.</summary>
    public sealed class AxisDraft
    {
        public string Path { get; set; } = "";
        public string Values { get; set; } = "";
    }

    /// <summary>Starts from <paramref name="config"/> (a preset or a cloned run), named after it.</summary>
    public static SweepDraft From(RunConfig config) => new()
    {
        Name = SafeName(config.Name) + "-sweep",
        BaseJson = RunConfigJson.Serialize(config, indented: true),
    };

    /// <summary>The spec, or why the text cannot be one (field <c>base</c> or <c>seeds</c>); the expander checks the rest.</summary>
    public (SweepSpec? Spec, IReadOnlyList<ValidationError> Errors) ToSpec()
    {
        var errors = new List<ValidationError>();
        RunConfig? baseConfig = null;
        try { baseConfig = RunConfigJson.Deserialize(BaseJson); }
        catch (JsonException ex) { errors.Add(new("base", $"The base config is not valid JSON: {ex.Message}")); }

        var seeds = new List<int>();
        foreach (var token in Tokens(Seeds))
        {
            if (int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)) seeds.Add(seed);
            else errors.Add(new("seeds", $"'{token}' is not a whole number."));
        }

        var axes = Axes.Where(a => a.Path.Trim().Length > 0 || a.Values.Trim().Length > 0)
            .Select(a => new SweepAxis { Path = a.Path.Trim(), Values = Tokens(a.Values).Select(ParseValue).ToList() }).ToList();
        Dictionary<string, JsonElement>? baseline = null;
        if (Baseline.Split('=', 2) is [var path, var value] && path.Length > 0)
            baseline = new() { [path] = ParseValue(value) };
        if (errors.Count > 0) return (null, errors);
        return (new SweepSpec { Name = Name.Trim(), Base = baseConfig, Seeds = seeds, Axes = axes, Baseline = baseline }, []);
    }

    /// <summary>A typed value: a number, true/false or null as JSON, "quoted" text unquoted, anything else as text.</summary>
    public static JsonElement ParseValue(string token)
    {
        var text = token.Trim();
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"') return JsonSerializer.SerializeToElement(text[1..^1]);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || text is "true" or "false" or "null")
        {
            try { return JsonDocument.Parse(text).RootElement.Clone(); }
            catch (JsonException) { }   // "1." and the like: keep as text
        }
        return JsonSerializer.SerializeToElement(text);
    }

    private static IEnumerable<string> Tokens(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string SafeName(string name)
    {
        var safe = new string(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray()).Trim('-');
        return safe.Length == 0 ? "sweep" : safe[..Math.Min(safe.Length, GroupNames.MaxLength - "-sweep".Length)];
    }
}
