namespace AuthFunctions.Providers;

/// <summary>How the provider's code exchange differs from RFC 6749 §4.1.3 and §5.1.</summary>
public sealed record TokenShape
{
    /// <summary><c>form</c> (POST body), <c>json</c> (POST JSON body), <c>query</c> (GET) or <c>post_query</c> (POST, query string).</summary>
    public string Transport { get; set; } = TokenTransports.Form;

    /// <summary>Standard parameter name → the provider's name (DingTalk <c>client_id</c> → <c>clientId</c>); null drops it.</summary>
    public IReadOnlyDictionary<string, string?> Parameters { get; set; } = new Dictionary<string, string?>();

    public IReadOnlyDictionary<string, string> Extra { get; set; } = new Dictionary<string, string>();

    /// <summary><c>json</c>, <c>form</c> (x-www-form-urlencoded) or <c>jsonp</c> (<c>callback( {...} );</c>).</summary>
    public string Format { get; set; } = ResponseFormats.Json;

    /// <summary>Dot path to the object that holds the tokens (<c>data</c>); null for the top level.</summary>
    public string? Root { get; set; }

    /// <summary>Standard field → the provider's dot path (<c>access_token</c> → <c>accessToken</c>); <c>token_type</c> null: none is sent.</summary>
    public IReadOnlyDictionary<string, string?> Fields { get; set; } = new Dictionary<string, string?>();

    /// <summary>Errors reported inside an HTTP 200 (WeChat <c>errcode</c>, Feishu <c>code</c>, GitHub <c>error</c>).</summary>
    public IReadOnlyList<ErrorRule> Errors { get; set; } = [];
}
