namespace Workbench.Web.Tests.Security;

/// <summary>
/// One hostile HTTP request and what the server must answer: <paramref name="Status"/>, and for a request with a field at
/// fault, problem details whose <c>errors</c> name <paramref name="Field"/>.
/// </summary>
public sealed record HostileRequest(
    string Name, HttpMethod Method, string Path, int Status, string? Field = null,
    string? Body = null, string? ContentType = "application/json", IReadOnlyDictionary<string, string>? Headers = null,
    byte[]? RawBody = null)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, Path);
        if (RawBody is not null) message.Content = new ByteArrayContent(RawBody);
        else if (Body is not null) message.Content = new StringContent(Body);
        if (message.Content is not null)
        {
            message.Content.Headers.Remove("Content-Type");
            if (ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        message.Headers.ExpectContinue = (RawBody?.Length ?? Body?.Length ?? 0) > 1024 * 1024;   // a refused big body is never sent
        foreach (var (name, value) in Headers ?? new Dictionary<string, string>())
            message.Headers.TryAddWithoutValidation(name, value);
        return message;
    }

    public override string ToString() => Name;
}
