using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace AuthFunctions.Http;

/// <summary>
/// <c>GET /api/auth/client.js</c>: the browser client as an ES module. Public code, so any origin may load it
/// (module scripts are fetched with CORS); cached for an hour and revalidated by ETag.
/// </summary>
public static class ClientScriptEndpoint
{
    private static readonly Lazy<(byte[] Body, string ETag)> Script = new(() =>
    {
        using var stream = typeof(ClientScriptEndpoint).Assembly.GetManifestResourceStream("client.js")
            ?? throw new InvalidOperationException("The embedded client.js is missing.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var body = buffer.ToArray();
        return (body, "\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..16] + "\"");
    });

    public static IResult Result(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (body, etag) = Script.Value;
        var headers = context.Response.Headers;
        headers.CacheControl = "public, max-age=3600, must-revalidate";
        headers.Remove(HeaderNames.Pragma);
        headers.ETag = etag;
        headers.AccessControlAllowOrigin = "*";
        return context.Request.Headers.IfNoneMatch == etag
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(body, "text/javascript; charset=utf-8");
    }
}
