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

    /// <summary>The callback's name for the code (DingTalk <c>authCode</c>).</summary>
    public string CallbackCode { get; set; } = "code";

    /// <summary>Callback fields the sign-in needs besides code and state (VK ID <c>device_id</c>, Apple <c>user</c>):
    /// <c>callback:</c> paths and <c>{callback.x}</c> templates read them. A form_post provider's come from the POST body only.</summary>
    public IReadOnlyList<string> CallbackFields { get; set; } = [];

    /// <summary><c>form_post</c>: the callback is a cross-site POST (Apple), so the binding cookie is SameSite=None.</summary>
    public string? ResponseMode { get; set; }
}
