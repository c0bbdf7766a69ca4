namespace AuthFunctions.Providers;

/// <summary>How the profile call is made and where the profile is in its answer.</summary>
public sealed record UserInfoShape
{
    /// <summary><c>GET</c> or <c>POST</c>.</summary>
    public string Method { get; set; } = "GET";

    /// <summary><c>bearer</c>, <c>query:&lt;name&gt;</c>, <c>header:&lt;name&gt;</c> or <c>form:&lt;name&gt;</c>.</summary>
    public string Token { get; set; } = "bearer";

    /// <summary>Query parameters; templates <c>{client_id}</c>, <c>{token.&lt;path&gt;}</c>.</summary>
    public IReadOnlyDictionary<string, string> Query { get; set; } = new Dictionary<string, string>();

    /// <summary>Form fields (POST); same templates.</summary>
    public IReadOnlyDictionary<string, string> Form { get; set; } = new Dictionary<string, string>();

    /// <summary>Request headers (Twitch <c>Client-Id</c>, Notion <c>Notion-Version</c>); same templates.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; set; } = new Dictionary<string, string>();

    /// <summary>Dot path to the profile object (<c>data</c>, <c>response</c>); null for the top level.</summary>
    public string? Root { get; set; }

    public string Format { get; set; } = ResponseFormats.Json;

    public IReadOnlyList<ErrorRule> Errors { get; set; } = [];
}
