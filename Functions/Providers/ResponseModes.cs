namespace AuthFunctions.Providers;

/// <summary>The <c>response_mode</c> values the catalog may name (absent: the default, query).</summary>
public static class ResponseModes
{
    /// <summary>The answer is a form POST to the callback: https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html</summary>
    public const string FormPost = "form_post";
}
