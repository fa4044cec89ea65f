namespace Workbench.Web.Tests.Security;

/// <summary>
/// Every state-changing endpoint × cross-origin senders, wrong content types, wrong methods and bad ids; the tracking
/// update, dataset upload, model registration and query strings with bad values.
/// </summary>
public static class HostileEndpointCases
{
    /// <summary>A finished run seeded by the suite (the target of PATCH and DELETE).</summary>
    public const int SeededRun = 1;

    private static readonly (HttpMethod Method, string Path, string? Body, string? ContentType)[] s_stateChanging =
    [
        (HttpMethod.Post, "/api/runs", HostileConfigCases.Valid().ToJsonString(), "application/json"),
        (HttpMethod.Post, $"/api/runs/{SeededRun}/cancel", null, null),
        (HttpMethod.Post, $"/api/runs/{SeededRun}/resume", null, null),
        (HttpMethod.Patch, $"/api/runs/{SeededRun}", "{\"tags\":[\"x\"],\"archived\":true}", "application/json"),
        (HttpMethod.Delete, $"/api/runs/{SeededRun}", null, null),
        (HttpMethod.Post, "/api/demos/huggingface", null, null),
        (HttpMethod.Post, "/api/demos/leaf", null, null),
        (HttpMethod.Post, "/api/demos/teacher-hacking", null, null),
        (HttpMethod.Post, "/api/leaf/leaderboard", "{\"teacherRun\":1,\"studentRun\":1,\"dataset\":\"distractor-shortcut\",\"samples\":10}", "application/json"),
        (HttpMethod.Post, "/api/datasets", "--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nds\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jsonl\"\r\n\r\n{\"prompt\":\"p\",\"completion\":\"c\"}\r\n--b--\r\n", "multipart/form-data; boundary=b"),
        (HttpMethod.Delete, "/api/datasets/1", null, null),
        (HttpMethod.Post, "/api/datasets/ds/splits", "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ood.jsonl\"\r\n\r\n{\"prompt\":\"p\",\"completion\":\"c\"}\r\n--b--\r\n", "multipart/form-data; boundary=b"),
        (HttpMethod.Post, "/api/sweeps", "{\"name\":\"s\",\"base\":" + HostileConfigCases.Valid().ToJsonString() + ",\"seeds\":[1,2]}", "application/json"),
        (HttpMethod.Patch, "/api/groups/1", "{\"name\":\"renamed\"}", "application/json"),
        (HttpMethod.Post, "/api/models", "{\"path\":\"/tmp\"}", "application/json"),
        (HttpMethod.Delete, "/api/models/1", null, null),
        (HttpMethod.Delete, "/api/teacher-stores/logits-0123456789abcdef0123456789abcdef.bin", null, null),
        (HttpMethod.Post, "/api/teacher-stores/evict", null, null),
        (HttpMethod.Post, "/logout", null, null),
        (HttpMethod.Put, WorkerUpload, "abc", "application/octet-stream"),
    ];

    /// <summary>A worker's checkpoint upload (run 1, the SHA-256 of "abc").</summary>
    private const string WorkerUpload = "/api/worker/runs/1/uploads/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad?path=final/model.safetensors";

    private static readonly (string Name, Dictionary<string, string> Headers)[] s_crossOrigin =
    [
        ("Origin evil.example", new() { ["Origin"] = "http://evil.example" }),
        ("Origin other local port", new() { ["Origin"] = "http://127.0.0.1:1" }),
        ("Origin https same host other scheme port", new() { ["Origin"] = "https://127.0.0.1" }),
        ("Origin null", new() { ["Origin"] = "null" }),
        ("Origin garbage", new() { ["Origin"] = "not a url" }),
        ("Sec-Fetch-Site cross-site", new() { ["Sec-Fetch-Site"] = "cross-site" }),
        ("Sec-Fetch-Site same-site", new() { ["Sec-Fetch-Site"] = "same-site" }),
    ];

    public static IEnumerable<HostileRequest> All()
    {
        foreach (var (method, path, body, contentType) in s_stateChanging)
            foreach (var (name, headers) in s_crossOrigin)
                yield return new HostileRequest($"{method} {path} from {name}", method, path, 403, null, body, contentType, headers);

        // The hub: negotiate and a WebSocket-style GET from another origin.
        foreach (var (name, headers) in s_crossOrigin)
        {
            yield return new HostileRequest($"hub negotiate from {name}", HttpMethod.Post, "/hubs/runs/negotiate?negotiateVersion=1", 403, null, null, null, headers);
            yield return new HostileRequest($"hub GET from {name}", HttpMethod.Get, "/hubs/runs?id=x", 403, null, null, null, headers);
        }

        // JSON endpoints get JSON only.
        foreach (var (path, method) in new[]
                 {
                     ("/api/runs", HttpMethod.Post), ($"/api/runs/{SeededRun}", HttpMethod.Patch), ("/api/models", HttpMethod.Post),
                     ("/api/sweeps", HttpMethod.Post), ("/api/groups/1", HttpMethod.Patch),
                 })
            foreach (var type in new[] { "text/plain", "application/x-www-form-urlencoded", null, "multipart/form-data; boundary=b", "application/xml", "text/json-ish" })
                yield return new HostileRequest($"{method} {path} as {type ?? "no content type"}", method, path, 415, null, "{\"name\":\"x\"}", type);
        yield return new HostileRequest("POST /api/datasets as JSON", HttpMethod.Post, "/api/datasets", 415, null, "{\"name\":\"x\"}", "application/json");
        yield return new HostileRequest("POST /api/datasets as text", HttpMethod.Post, "/api/datasets", 415, null, "name=x", "text/plain");

        // Worker artifact endpoints: only a run's own worker token opens them; uploads are octet streams.
        yield return new HostileRequest("PUT upload without a worker token", HttpMethod.Put, WorkerUpload, 401, null, "abc", "application/octet-stream");
        yield return new HostileRequest("PUT upload with a made-up worker token", HttpMethod.Put, WorkerUpload, 403, null, "abc", "application/octet-stream",
            new Dictionary<string, string> { [RunProtocol.RunsHubEndpoint.TokenHeader] = "not-a-token" });
        yield return new HostileRequest("PUT upload as JSON", HttpMethod.Put, WorkerUpload, 415, null, "{}", "application/json");
        yield return new HostileRequest("GET artifact without a worker token", HttpMethod.Get, "/api/worker/runs/1/artifacts/" + new string('a', 64), 401);
        yield return new HostileRequest("GET artifact with a made-up worker token", HttpMethod.Get, "/api/worker/runs/1/artifacts/" + new string('a', 64), 403, null, null, null,
            new Dictionary<string, string> { [RunProtocol.RunsHubEndpoint.TokenHeader] = "not-a-token" });
        yield return new HostileRequest("DELETE upload", HttpMethod.Delete, WorkerUpload, 405);

        // Wrong methods.
        foreach (var (method, path) in new[]
                 {
                     (HttpMethod.Put, "/api/runs"), (HttpMethod.Delete, "/api/runs"), (HttpMethod.Patch, "/api/runs"),
                     (HttpMethod.Get, $"/api/runs/{SeededRun}/cancel"), (HttpMethod.Put, $"/api/runs/{SeededRun}"),
                     (HttpMethod.Post, $"/api/runs/{SeededRun}"), (HttpMethod.Get, "/api/demos/leaf"), (HttpMethod.Put, "/api/datasets"),
                     (HttpMethod.Patch, "/api/datasets/1"), (HttpMethod.Put, "/api/models"), (HttpMethod.Post, "/api/presets"),
                     (HttpMethod.Delete, "/api/checkpoints"), (HttpMethod.Post, "/api/runs/table"), (HttpMethod.Delete, "/api/compare?runs=1"),
                 })
            yield return new HostileRequest($"{method} {path}", method, path, method == HttpMethod.Get ? 404 : 405, null);   // a GET falls through to the pages' router

        // Ids that name nothing.
        foreach (var id in new[] { "0", "999999", "-1", "2147483647" })
        {
            yield return new HostileRequest($"cancel run {id}", HttpMethod.Post, $"/api/runs/{id}/cancel", 404);
            yield return new HostileRequest($"resume run {id}", HttpMethod.Post, $"/api/runs/{id}/resume", 404);
            yield return new HostileRequest($"patch run {id}", HttpMethod.Patch, $"/api/runs/{id}", 404, null, "{\"notes\":\"n\"}");
            yield return new HostileRequest($"delete run {id}", HttpMethod.Delete, $"/api/runs/{id}", 404);
            yield return new HostileRequest($"delete dataset {id}", HttpMethod.Delete, $"/api/datasets/{id}", 404);
            yield return new HostileRequest($"delete model {id}", HttpMethod.Delete, $"/api/models/{id}", 404);
        }
        foreach (var id in new[] { "abc", "2147483648", "1.5", "1e3", "..%2F..%2Fetc" })
            yield return new HostileRequest($"cancel run '{id}'", HttpMethod.Post, $"/api/runs/{id}/cancel", 404);

        // Tracking updates.
        var tooManyTags = "[" + string.Join(',', Enumerable.Range(0, 101).Select(i => $"\"t{i}\"")) + "]";
        foreach (var (name, body, field) in new[]
                 {
                     ("tags [null]", "{\"tags\":[null]}", "tags[0]"), ("tags 101", $"{{\"tags\":{tooManyTags}}}", "tags"),
                     ("tag of 65 chars", $"{{\"tags\":[\"{new string('t', 65)}\"]}}", "tags[0]"), ("tag with NUL", "{\"tags\":[\"a\\u0000\"]}", "tags[0]"),
                     ("tag with ANSI", "{\"tags\":[\"\\u001b[2J\"]}", "tags[0]"), ("tag with RLO", "{\"tags\":[\"\\u202Egpj.exe\"]}", "tags[0]"),
                     ("tags as string", "{\"tags\":\"x\"}", "tags"), ("tags [5]", "{\"tags\":[5]}", "tags[0]"),
                     ("notes 64 KB + 1", $"{{\"notes\":\"{new string('n', 64 * 1024 + 1)}\"}}", "notes"), ("notes with ESC", "{\"notes\":\"\\u001b[31m\"}", "notes"),
                     ("notes as number", "{\"notes\":5}", "notes"), ("archived as string", "{\"archived\":\"yes\"}", "archived"),
                     ("archived as number", "{\"archived\":1}", "archived"), ("null body", "null", "body"), ("array body", "[]", "body"),
                     ("lone surrogate tag", "{\"tags\":[\"\\ud800\"]}", "tags[0]"),
                 })
            yield return new HostileRequest($"PATCH run: {name}", HttpMethod.Patch, $"/api/runs/{SeededRun}", 400, field, body);

        // Model folder registration.
        foreach (var (name, body, field) in new[]
                 {
                     ("path number", "{\"path\":5}", "path"), ("path relative", "{\"path\":\"models/x\"}", "path"),
                     ("path outside roots", "{\"path\":\"/etc\"}", "path"), ("path null", "{\"path\":null}", "path"),
                     ("path dot-dot", "{\"path\":\"/tmp/../etc\"}", "path"), ("path with NUL", "{\"path\":\"/tmp/a\\u0000b\"}", "path"),
                     ("name as object", "{\"path\":\"/tmp\",\"name\":{}}", "name"), ("empty object", "{}", "path"),
                     ("name with RLO", "{\"path\":\"/tmp\",\"name\":\"\u202Eevil\"}", "name"), ("name with ESC", "{\"path\":\"/tmp\",\"name\":\"\u001b[1m\"}", "name"),
                     ("name of 101 chars", $"{{\"path\":\"/tmp\",\"name\":\"{new string('m', 101)}\"}}", "name"),
                 })
            yield return new HostileRequest($"POST models: {name}", HttpMethod.Post, "/api/models", 400, field, body);

        // Dataset uploads.
        foreach (var (name, body, field) in new[]
                 {
                     ("no file", Multipart(("name", null, "ds")), "file"),
                     ("no name", Multipart(("file", "a.jsonl", "{\"prompt\":\"p\",\"completion\":\"c\"}")), "name"),
                     ("name with slash", Multipart(("name", null, "../x"), ("file", "a.jsonl", "{\"prompt\":\"p\",\"completion\":\"c\"}")), "name"),
                     ("name with ANSI", Multipart(("name", null, "\u001b[31m"), ("file", "a.jsonl", "{\"prompt\":\"p\",\"completion\":\"c\"}")), "name"),
                     ("lone surrogate line", Multipart(("name", null, "sur"), ("file", "a.jsonl", "{\"prompt\":\"a\\ud800\",\"completion\":\"c\"}")), "lines[1].prompt"),
                     ("not JSON", Multipart(("name", null, "nj"), ("file", "a.jsonl", "hello")), "lines[1].line"),
                     ("cut short", "--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\ncut\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jsonl\"\r\n\r\n{\"prompt\":", "file"),
                     ("file name with path", Multipart(("name", null, "fp"), ("file", "../../etc/passwd", "{\"prompt\":\"p\",\"completion\":\"c\"}")), "file"),
                 })
            yield return new HostileRequest($"POST datasets: {name}", HttpMethod.Post, "/api/datasets", 400, field, body, "multipart/form-data; boundary=b");

        // Query strings.
        foreach (var (path, status, field) in new (string, int, string?)[]
                 {
                     ("/api/runs/table?filter=((((", 400, "filter"), ("/api/runs/table?filter=name%20%3D%3D", 400, "filter"),
                     ("/api/runs/table?archived=maybe", 400, "archived"), ($"/api/runs/{SeededRun}/series", 400, "name"),
                     ($"/api/runs/{SeededRun}/series?name=x&points=abc", 400, "points"), ($"/api/runs/{SeededRun}/metrics.csv", 400, "name"),
                     ("/api/compare", 400, "runs"), ("/api/compare?runs=abc", 400, "runs"), ("/api/compare?runs=1&points=x", 400, "points"),
                     ("/api/datasets/1/samples?limit=abc", 400, "limit"), ("/api/datasets/1/samples?split=No%20Such!", 400, "split"),
                     ($"/api/runs/{SeededRun}/leaf/samples?offset=x", 400, "offset"), ($"/api/runs/{SeededRun}/leaf/attention?step=soon", 400, "step"),
                     ("/api/runs/table.csv?filter=)", 400, "filter"), ("/api/runs/abc", 404, null), ("/api/nothing-here", 404, null),
                 })
            yield return new HostileRequest($"GET {path}", HttpMethod.Get, path, status, field);
    }

    private static string Multipart(params (string Name, string? FileName, string Content)[] parts) =>
        string.Concat(parts.Select(p => $"--b\r\nContent-Disposition: form-data; name=\"{p.Name}\"" +
                                        (p.FileName is null ? "" : $"; filename=\"{p.FileName}\"") + $"\r\n\r\n{p.Content}\r\n")) + "--b--\r\n";
}
