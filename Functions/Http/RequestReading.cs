using System.Text.Json;
using AuthFunctions.Core;
using Microsoft.Extensions.Primitives;

namespace AuthFunctions.Http;

/// <summary>Bounded, strict reading of request parameters and bodies.</summary>
internal static class RequestReading
{
    public const int MaxJsonBody = 4096;

    /// <summary>The single value of a parameter; a repeated parameter is an error (parameter pollution).</summary>
    public static bool TrySingle(StringValues values, out string? value)
    {
        value = values.Count == 1 ? values[0] : null;
        return values.Count <= 1;
    }

    /// <summary>Reads a small JSON body; null plus an error when it is too big, not JSON or of the wrong type.</summary>
    public static async Task<(T? Value, FlowError? Error)> ReadJsonAsync<T>(HttpRequest request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, new FlowError(415, "unsupported_media_type", "Send application/json."));
        }

        if (request.ContentLength > MaxJsonBody)
        {
            return (null, new FlowError(413, "request_too_large", $"The body must be at most {MaxJsonBody} bytes."));
        }

        var buffer = new byte[MaxJsonBody + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await request.Body.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false)) > 0)
        {
            read += n;
        }

        if (read > MaxJsonBody)
        {
            return (null, new FlowError(413, "request_too_large", $"The body must be at most {MaxJsonBody} bytes."));
        }

        try
        {
            var value = JsonSerializer.Deserialize(buffer.AsSpan(0, read), type);
            return value is null ? (null, new FlowError(400, "invalid_request", "The body must be a JSON object.")) : (value, null);
        }
        catch (JsonException)
        {
            return (null, new FlowError(400, "invalid_request", "The body is not valid JSON of the expected shape."));
        }
    }

    /// <summary>The app's external base URL: <c>OAuth__PublicBaseUrl</c>, else the request's own.</summary>
    public static string BaseUrl(HttpContext context, OAuthOptions options) =>
        !string.IsNullOrEmpty(options.PublicBaseUrl)
            ? options.PublicBaseUrl.TrimEnd('/')
            : $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";
}
