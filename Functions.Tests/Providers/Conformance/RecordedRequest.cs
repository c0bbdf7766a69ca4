using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace AuthFunctions.Tests.Providers.Conformance;

/// <summary>A request as the replay server received it, with the URL the app meant to call (the real provider's).</summary>
public sealed record RecordedRequest(string Method, Uri Url, IReadOnlyDictionary<string, string> Headers, string? ContentType, byte[] Body)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);

    /// <summary>The body as form fields (empty when it is none).</summary>
    public Dictionary<string, StringValues> Form() => QueryHelpers.ParseQuery(Encoding.UTF8.GetString(Body));

    public override string ToString() => $"{Method} {Url.GetLeftPart(UriPartial.Path)}";

    /// <summary>Reads the request; null when it did not come through <see cref="ReplayRoutingHandler"/>.</summary>
    public static async Task<RecordedRequest?> ReadAsync(HttpContext context)
    {
        var origin = context.Request.Headers[ReplayRoutingHandler.OriginHeader].ToString();
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var originUri))
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);

        var url = new Uri(originUri, context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent());
        var headers = context.Request.Headers
            .Where(h => !string.Equals(h.Key, ReplayRoutingHandler.OriginHeader, StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new RecordedRequest(context.Request.Method, url, headers, context.Request.ContentType, buffer.ToArray());
    }
}
