using System.Net;
using System.Text.Json;
using AuthFunctions.Core;

namespace AuthFunctions.Http;

/// <summary>RFC 9457 problem+json for APIs; the same problem as a small page for a browser that asked for HTML.</summary>
public sealed class ProblemResult(FlowError error, bool preferHtml = false) : IResult
{
    public FlowError Error { get; } = error;

    public static ProblemResult For(HttpContext context, FlowError error) =>
        new(error, context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase));

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = Error.Status;
        var title = ReasonPhrase(Error.Status);
        if (preferHtml)
        {
            response.ContentType = "text/html; charset=utf-8";
            await response.WriteAsync(Html.Page(title, $"""
                <h1>{Html.Encode(title)}</h1>
                <p>{Html.Encode(Error.Detail)}</p>
                <p><small>Error code: <code>{Html.Encode(Error.Code)}</code></small></p>
                """)).ConfigureAwait(false);
            return;
        }

        response.ContentType = "application/problem+json";
        var problem = new Problem
        {
            Type = "urn:auth-functions:problem:" + Error.Code,
            Title = title,
            Status = Error.Status,
            Code = Error.Code,
            Detail = Error.Detail,
        };
        await JsonSerializer.SerializeAsync(response.Body, problem, HttpJsonContext.Default.Problem).ConfigureAwait(false);
    }

    private static string ReasonPhrase(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        404 => "Not found",
        413 => "Request too large",
        415 => "Unsupported media type",
        429 => "Too many requests",
        503 => "Service unavailable",
        _ => ((HttpStatusCode)status).ToString(),
    };
}

/// <summary>HTML helpers for the few pages the app serves.</summary>
internal static class Html
{
    public static string Encode(string? s) => System.Net.WebUtility.HtmlEncode(s ?? string.Empty);

    public static string Page(string title, string body) => $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{Encode(title)}}</title>
        <style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;line-height:1.5}
        input,button{font:inherit;padding:.4rem .6rem;margin:.2rem 0}label{display:block;margin-top:.6rem}
        button,a.button{display:inline-block;background:#24292f;color:#fff;border:0;border-radius:6px;padding:.5rem 1rem;text-decoration:none;cursor:pointer;margin:.25rem .25rem .25rem 0}
        pre{background:#f6f8fa;padding:1rem;overflow:auto}pre:empty{display:none}</style></head>
        <body>{{body}}</body></html>
        """;
}
