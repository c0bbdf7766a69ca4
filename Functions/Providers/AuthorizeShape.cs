namespace AuthFunctions.Providers;

/// <summary>How the provider's authorization request differs from RFC 6749 §4.1.1.</summary>
public sealed record AuthorizeShape
{
    /// <summary>Standard parameter name → the provider's name (WeChat <c>client_id</c> → <c>appid</c>); null drops it.</summary>
    public IReadOnlyDictionary<string, string?> Parameters { get; set; } = new Dictionary<string, string?>();

    /// <summary>Constant parameters the provider wants (DingTalk <c>prompt=consent</c>); <c>{client_id}</c> is filled in.</summary>
    public IReadOnlyDictionary<string, string> Extra { get; set; } = new Dictionary<string, string>();

    /// <summary>A fragment the URL must end with (WeChat <c>wechat_redirect</c>).</summary>
    public string? Fragment { get; set; }

    /// <summary><c>form_post</c>: the callback is a cross-site POST (Apple), so the binding cookie is SameSite=None.</summary>
    public string? ResponseMode { get; set; }
}
