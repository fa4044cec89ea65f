using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Experiments;

namespace Workbench.Web.Forms;

/// <summary>
/// The New run form's one copy of a config: its JSON, edited in place by path (<c>leaf.rho</c>,
/// <c>objectives[1].temperature</c>). Fields the form has no control for stay as they came, so a clone or a
/// config from the API is submitted whole. Validation is the API's <see cref="RunConfigValidator"/>, whose
/// field names are these paths.
/// </summary>
public sealed class ConfigDraft
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };
    private IReadOnlyList<ValidationError> _errors = [];

    private ConfigDraft(JsonObject json) => Json = json;

    public JsonObject Json { get; }

    /// <summary>Raised after every edit (the page re-renders).</summary>
    public event Action? Changed;

    public IReadOnlyList<ValidationError> Errors => _errors;

    public static ConfigDraft From(RunConfig config) =>
        new((JsonObject)JsonSerializer.SerializeToNode(config, RunConfigJson.Options)!);

    /// <summary>A draft of stored or posted JSON, kept as it is (unknown fields included).</summary>
    public static ConfigDraft Parse(string json) =>
        new(JsonNode.Parse(json) as JsonObject ?? throw new JsonException("A run config must be a JSON object."));

    public string ToJson(bool indented = false) => Json.ToJsonString(indented ? s_indented : null);

    /// <summary>The config the draft describes, or null with an error on "config" when its JSON does not fit the record.</summary>
    public RunConfig? ToConfig()
    {
        try
        {
            return Json.Deserialize<RunConfig>(RunConfigJson.Options);
        }
        catch (JsonException e)
        {
            _errors = [new("config", e.Message)];
            return null;
        }
    }

    /// <summary>The node at <paramref name="path"/>, or null when it (or a parent) is missing.</summary>
    public JsonNode? Node(string path)
    {
        // The sweeps' path reader: one reading of "objectives[1].temperature" for the form and the sweep axes.
        if (path.Length == 0) return Json;
        return Experiments.Sweeps.ConfigPath.TryParse(path, out _)?.Get(Json);
    }

    /// <summary>The object holding the field at <paramref name="path"/> (empty when it does not exist yet).</summary>
    public JsonObject Owner(string path) => Node(ConfigPath.Owner(path)) as JsonObject ?? [];

    public T? Get<T>(string path) => Node(path) is { } node ? node.Deserialize<T>(RunConfigJson.Options) : default;

    /// <summary>
    /// Writes <paramref name="value"/> at <paramref name="path"/>, making missing parent objects. Null clears a field
    /// that is there and leaves out one that is not (the record reads both as null).
    /// </summary>
    public void Set<T>(string path, T? value, Action<JsonObject>? afterSet = null) =>
        SetNode(path, value is null ? null : JsonSerializer.SerializeToNode(value, RunConfigJson.Options), afterSet);

    public void SetNode(string path, JsonNode? value, Action<JsonObject>? afterSet = null)
    {
        var owner = OwnerForWrite(path);
        var name = ConfigPath.Parse(path)[^1].Name;
        if (value is null && !owner.ContainsKey(name)) return;
        owner[name] = value;
        afterSet?.Invoke(owner);
        OnChanged();
    }

    /// <summary>Takes a property out of the config (an optional section switched off).</summary>
    public void Remove(string path)
    {
        if (Node(ConfigPath.Owner(path)) is JsonObject owner && owner.Remove(ConfigPath.Parse(path)[^1].Name)) OnChanged();
    }

    public int Count(string listPath) => Node(listPath) is JsonArray list ? list.Count : 0;

    /// <summary>Appends an item to a list field, making the list when the config has none.</summary>
    public void Append(string listPath, object item)
    {
        if (Node(listPath) is not JsonArray list)
        {
            list = [];
            SetNode(listPath, list);
        }
        list.Add(JsonSerializer.SerializeToNode(item, item.GetType(), RunConfigJson.Options));
        OnChanged();
    }

    /// <summary>Removes one item; an emptied optional list (<c>evalSets</c>) is left out altogether.</summary>
    public void RemoveAt(string listPath, int index, bool dropWhenEmpty = false)
    {
        if (Node(listPath) is not JsonArray list || index >= list.Count) return;
        list.RemoveAt(index);
        if (dropWhenEmpty && list.Count == 0) Remove(listPath);
        OnChanged();
    }

    /// <summary>Re-validates; true when the draft is a valid config.</summary>
    public bool Validate() => ToConfig() is { } config ? Validate(RunConfigValidator.Validate(config)) : false;

    /// <summary>Shows errors found elsewhere (e.g. the teacher lookup at submission).</summary>
    public bool Validate(IReadOnlyList<ValidationError> errors)
    {
        _errors = errors;
        return errors.Count == 0;
    }

    /// <summary>The first message for one of <paramref name="paths"/> (e.g. "teacher", "teacher.checkpoint"), or null.</summary>
    public string? ErrorFor(params string[] paths) =>
        paths.SelectMany(p => _errors.Where(e => e.Field == p)).Select(e => e.Message).FirstOrDefault();

    private JsonObject OwnerForWrite(string path)
    {
        var segments = ConfigPath.Parse(path);
        var node = Json;
        foreach (var (name, index) in segments.Take(segments.Count - 1))
        {
            if (node[name] is not JsonNode child)
            {
                if (index is not null) throw new ArgumentException($"The list '{name}' of '{path}' does not exist.", nameof(path));
                node[name] = child = new JsonObject();
            }
            if (index is { } i) child = child is JsonArray a && i < a.Count ? a[i]! : throw new ArgumentException($"No item {i} in '{name}' of '{path}'.", nameof(path));
            node = child as JsonObject ?? throw new ArgumentException($"'{name}' of '{path}' is not an object.", nameof(path));
        }
        return node;
    }

    private void OnChanged()
    {
        Validate();
        Changed?.Invoke();
    }
}
