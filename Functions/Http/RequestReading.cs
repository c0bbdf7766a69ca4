using System.Text;
using System.Text.Json;
using AuthFunctions.Core;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace AuthFunctions.Http;

/// <summary>Bounded, strict reading of request parameters and bodies.</summary>
internal static class RequestReading
{
    public const int MaxJsonBody = 4096;

    /// <summary>A form_post callback or the dev sign-in form: a few short fields.</summary>
    public const int MaxFormBody = 64 * 1024;

    private static readonly FormOptions FormLimits = new()
    {
        BufferBody = false,
        ValueCountLimit = 1024,
        KeyLengthLimit = 2048,
        ValueLengthLimit = MaxFormBody,
        MultipartBodyLengthLimit = 0,
    };

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

    /// <summary>
    /// Reads an <c>application/x-www-form-urlencoded</c> body (UTF-8) within the framework's limits (1,024 fields,
    /// 2 KB keys); anything else, or anything malformed, is an error to answer, never an exception.
    /// </summary>
    public static async Task<(IFormCollection? Form, FlowError? Error)> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return (null, new FlowError(415, "unsupported_media_type", "Send an application/x-www-form-urlencoded form."));
        }

        if (type.Charset.HasValue && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return (null, new FlowError(415, "unsupported_media_type", "The form must be UTF-8."));
        }

        if (request.ContentLength > MaxFormBody)
        {
            return (null, new FlowError(413, "request_too_large", $"The form must be at most {MaxFormBody} bytes."));
        }

        try
        {
            // Our own limits, not Kestrel's: a body over Kestrel's limit resets the connection instead of answering.
            var form = new FormFeature(request, FormLimits);
            return (await form.ReadFormAsync(cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException or DecoderFallbackException)
        {
            // Too many fields, a key over the limit, a body over the request limit, bytes that are not UTF-8.
            return (null, new FlowError(400, "invalid_request", "The form is malformed or over its limits."));
        }
    }

    /// <summary>The app's external base URL: <c>OAuth__PublicBaseUrl</c>, else the request's own.</summary>
    public static string BaseUrl(HttpContext context, OAuthOptions options) =>
        !string.IsNullOrEmpty(options.PublicBaseUrl)
            ? options.PublicBaseUrl.TrimEnd('/')
            : $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";
}
