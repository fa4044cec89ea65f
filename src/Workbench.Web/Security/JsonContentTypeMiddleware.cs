using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace Workbench.Web.Security;

/// <summary>
/// An API endpoint that reads a body gets only what it declares (<c>application/json</c>, or multipart for the dataset upload):
/// anything else is 415 before the body is read, so a form or a <c>text/plain</c> Blob cannot submit a run. JSON bodies are
/// also held to <see cref="MaxJsonBodyBytes"/> (413) unless the endpoint sets its own request size limit.
/// </summary>
public sealed class JsonContentTypeMiddleware(RequestDelegate next)
{
    public const long MaxJsonBodyBytes = 1024 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var endpoint = context.GetEndpoint();
        if (!request.Path.StartsWithSegments("/api") || endpoint?.Metadata.GetMetadata<IAcceptsMetadata>() is not { } accepts
            || !(HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method)))
        {
            await next(context);
            return;
        }
        if (!Accepts(accepts.ContentTypes, request.ContentType))
        {
            var expected = string.Join(" or ", accepts.ContentTypes);
            await PerimeterProblems.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported content type.",
                $"Send the body as {expected} (Content-Type was '{request.ContentType ?? "none"}').", "Content-Type");
            return;
        }
        if (endpoint.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is null)
        {
            if (request.ContentLength > MaxJsonBodyBytes)
            {
                await PerimeterProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large.",
                    $"The body may be at most {MaxJsonBodyBytes / 1024} KiB.", "body");
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxJsonBodyBytes;
        }
        await next(context);
    }

    private static bool Accepts(IReadOnlyList<string> contentTypes, string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var sent)) return false;
        return contentTypes.Any(type => MediaTypeHeaderValue.TryParse(type, out var accepted) && sent.IsSubsetOf(accepted));
    }
}
