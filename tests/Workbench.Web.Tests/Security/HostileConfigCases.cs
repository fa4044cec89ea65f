using System.Text.Json.Nodes;

namespace Workbench.Web.Tests.Security;

/// <summary>
/// POST /api/runs with one config field made wrong at a time: null, the wrong JSON type, a number as a string, out of range,
/// huge, or text no one should see. Each must be a 400 naming exactly that field.
/// </summary>
public static class HostileConfigCases
{
    /// <summary>A valid tiny config; each case changes one thing in a copy.</summary>
    public static JsonObject Valid() => new()
    {
        ["name"] = "hostile",
        ["student"] = new JsonObject { ["layers"] = 1, ["heads"] = 2, ["width"] = 32, ["context"] = 64 },
        ["objectives"] = new JsonArray(new JsonObject { ["kind"] = "cross_entropy", ["weight"] = 1 }),
        ["steps"] = 40,
        ["batchSize"] = 8,
        ["evalEvery"] = 20,
    };

    private static readonly string s_longName = new('n', 101);

    public static IEnumerable<HostileRequest> All()
    {
        // Top-level scalars: (field, invalid values as JSON text)
        var fields = new (string Field, string[] Values)[]
        {
            ("name", ["null", "5", "[]", "{}", "\"\"", "\"   \"", $"\"{s_longName}\"", "\"a\\u0000b\"", "\"\\u001b[31mred\"", "\"\\u202Eevil\"",
                      "\"\\u2066isolate\"", "\"\\ud800\"", "\"tab\\there\"", "\"\\u202Aembed\""]),
            ("dataset", ["null", "5", "[]", "\"nope\"", "\"imported:../x\"", "\"imported:\"", "\"imported:a/b\""]),
            ("steps", ["null", "\"100\"", "1.5", "-1", "0", "1000001", "2147483648", "true", "{}"]),
            ("batchSize", ["null", "\"8\"", "0", "1025", "-5", "1e10"]),
            ("learningRate", ["null", "\"0.1\"", "0", "-1", "2", "1e308", "\"NaN\""]),
            ("seed", ["null", "\"1\"", "-1", "1.5"]),
            ("evalEvery", ["null", "\"5\"", "0", "-3"]),
            ("device", ["null", "5", "\"tpu\"", "\"\""]),
            ("weightDecay", ["null", "\"0.1\"", "-0.01", "1.5"]),
            ("warmupSteps", ["\"5\"", "-1", "41", "1.5"]),
            ("schedule", ["null", "5", "\"exponential\"", "\"\""]),
            ("gradClip", ["null", "\"1\"", "-1"]),
            ("gradAccumulation", ["null", "\"2\"", "0", "65"]),
            ("checkpointEvery", ["\"5\"", "-1", "1.5"]),
            ("student", ["null", "5", "\"x\"", "[]"]),
            ("objectives", ["null", "5", "\"x\"", "[]", "{}"]),
            ("evalSets", ["5", "\"x\"", "{}"]),
            ("leaf", ["5", "\"x\"", "[]"]),
            ("teacher", ["5", "\"x\"", "[]"]),
        };
        foreach (var (field, values) in fields)
            foreach (var value in values)
                yield return Config($"config {field} = {Short(value)}", field, c => c[field] = Raw, value);

        var student = new (string Field, string[] Values)[]
        {
            ("layers", ["null", "\"2\"", "0", "49", "-1", "1.5"]),
            ("heads", ["null", "\"2\"", "0", "65"]),
            ("width", ["null", "\"32\"", "4", "4097", "33"]),
            ("context", ["null", "\"64\"", "4", "4097"]),
            ("checkpoint", ["5", "\"\"", "\" \""]),
            ("path", ["5", "\"relative/x\"", "\"/a/../b\"", "\"\""]),
        };
        foreach (var (field, values) in student)
            foreach (var value in values)
                yield return Config($"config student.{field} = {Short(value)}", $"student.{field}", c => c["student"]![field] = Raw, value);

        var term = new (string Field, string[] Values)[]
        {
            ("kind", ["null", "5", "\"nope\"", "\"\""]),
            ("weight", ["null", "\"1\"", "0", "-1", "1e308", "1001"]),
            ("temperature", ["null", "\"1\"", "0", "-1", "101"]),
        };
        foreach (var (field, values) in term)
            foreach (var value in values)
                yield return Config($"config objectives[0].{field} = {Short(value)}", $"objectives[0].{field}",
                    c => c["objectives"]![0]![field] = Raw, value);

        foreach (var item in new[] { "null", "5", "\"x\"", "[]" })
            yield return Config($"config objectives = [{item}]", "objectives[0]", c => c["objectives"] = JsonNode.Parse($"[{item}]"));
        yield return Config("config objectives twice", "objectives", c => c["objectives"]!.AsArray().Add(new JsonObject { ["kind"] = "cross_entropy" }));
        yield return Config("config forward_kl without teacher", "teacher", c => c["objectives"] = Term("forward_kl"));
        yield return Config("config forward_kl with a shape-only teacher", "teacher", c =>
        {
            c["objectives"] = Term("forward_kl");
            c["teacher"] = new JsonObject { ["layers"] = 2, ["heads"] = 2, ["width"] = 64 };
        });
        yield return Config("config hidden_mse without teacher", "objectives[0].kind", c => c["objectives"] = Term("hidden_mse"));
        yield return Config("config teacher checkpoint that does not exist", "teacher.checkpoint", c => WithTeacher(c, Term("forward_kl")));

        // Kind parameters: (kind, field, invalid values)
        var parameters = new (string Kind, string Field, string[] Values)[]
        {
            ("top_k_kl", "topK", ["0", "-1", "2147483647", "1000001", "\"5\"", "1.5", "2147483648"]),
            ("plackett_luce", "topK", ["0", "2147483647"]),
            ("forward_kl", "topK", ["8"]),
            ("jsd", "beta", ["-0.1", "1.1", "\"0.5\"", "1e308"]),
            ("skew_kl", "skewAlpha", ["1", "-0.1", "\"0.1\""]),
            ("top_k_kl", "missingMass", ["\"uniform\"", "5"]),
            ("forward_kl", "missingMass", ["\"zero\""]),
            ("hidden_mse", "layerMap", ["\"0:999999\"", "\"999:1\"", "\"x\"", "\"1:2,2\"", "5", $"\"{new string('1', 5000)}\"", "\"-1:2\"", "\"1:2147483648\""]),
            ("attention_transfer", "layerMap", ["\"1:999999\"", "\"middle\""]),
            ("forward_kl", "layerMap", ["\"last\""]),
            ("value_relation", "relationHeads", ["0", "3", "100000", "\"2\""]),
        };
        foreach (var (kind, field, values) in parameters)
            foreach (var value in values)
                yield return Config($"config {kind}.{field} = {Short(value)}", $"objectives[0].{field}", c =>
                {
                    var objective = new JsonObject { ["kind"] = kind, [field] = Raw };
                    WithTeacher(c, new JsonArray(objective));
                }, value);
        yield return Config("config weight 1e308 on forward_kl", "objectives[0].weight",
            c => WithTeacher(c, new JsonArray(new JsonObject { ["kind"] = "forward_kl", ["weight"] = 1e308 })));
    }

    /// <summary>Bodies that are not a config at all (or not JSON).</summary>
    public static IEnumerable<HostileRequest> Malformed()
    {
        var bodies = new (string Name, string Body, string Field)[]
        {
            ("empty body", "", "config"), ("null", "null", "config"), ("array", "[]", "config"), ("number", "5", "config"),
            ("string", "\"run\"", "config"), ("truncated object", "{\"name\":", "name"), ("open brace", "{", "config"),
            ("trailing comma", "{\"name\":\"x\",}", "config"), ("comment", "{/* c */\"name\":\"x\"}", "config"),
            ("single quotes", "{'name':'x'}", "config"), ("NaN literal", "{\"learningRate\":NaN}", "learningRate"),
            ("deep nesting", new string('[', 5000) + new string(']', 5000), "config"),
            ("deep object", string.Concat(Enumerable.Repeat("{\"leaf\":", 200)) + "1" + new string('}', 200), ""),
            ("two documents", "{}{}", "config"), ("bare word", "hello", "config"),
        };
        foreach (var (name, body, field) in bodies)
            yield return new HostileRequest($"runs body: {name}", HttpMethod.Post, "/api/runs", 400, field.Length == 0 ? null : field, body);
        yield return new HostileRequest("runs body: invalid UTF-8 in the name", HttpMethod.Post, "/api/runs", 400, "name",
            RawBody: [.. "{\"name\":\""u8.ToArray(), 0xC3, 0x28, .. "\"}"u8.ToArray()]);
        yield return new HostileRequest("runs body: 40 MB", HttpMethod.Post, "/api/runs", 413, "body", RawBody: new byte[40 * 1024 * 1024]);
        yield return new HostileRequest("runs body: 2 MB of JSON", HttpMethod.Post, "/api/runs", 413, "body",
            Body: "{\"name\":\"" + new string('a', 2 * 1024 * 1024) + "\"}");
    }

    // The bad value goes in as JSON text after serialising (JsonNode cannot hold a lone surrogate such as "\ud800").
    private const string Placeholder = "@@value@@";
    private static JsonNode Raw => JsonValue.Create(Placeholder);

    private static HostileRequest Config(string name, string field, Action<JsonObject> change, string? raw = null)
    {
        var config = Valid();
        change(config);
        var json = config.ToJsonString();
        if (raw is not null) json = json.Replace($"\"{Placeholder}\"", raw, StringComparison.Ordinal);
        return new HostileRequest(name, HttpMethod.Post, "/api/runs", 400, field, json);
    }

    private static JsonArray Term(string kind) => new(new JsonObject { ["kind"] = kind });

    private static void WithTeacher(JsonObject config, JsonArray objectives)
    {
        config["teacher"] = new JsonObject { ["checkpoint"] = "no-such-teacher" };
        config["objectives"] = objectives;
    }

    private static string Short(string value) => value.Length <= 24 ? value : value[..20] + $"…({value.Length})";
}
