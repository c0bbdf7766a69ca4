namespace AuthFunctions.Core;

/// <summary>
/// The fixed list of error codes an SPA can receive as <c>return_url#error=…</c>. Provider error text is logged, never echoed.
/// </summary>
public static class AuthErrors
{
    public const string AccessDenied = "access_denied";
    public const string LoginRequired = "login_required";
    public const string ConsentRequired = "consent_required";
    public const string InteractionRequired = "interaction_required";
    public const string TemporarilyUnavailable = "temporarily_unavailable";

    /// <summary>The provider reported an error other than the above.</summary>
    public const string ProviderError = "provider_error";

    /// <summary>The provider's answer failed a check (missing code, bad id_token, issuer mix-up).</summary>
    public const string InvalidResponse = "invalid_response";

    /// <summary>The provider could not be reached in time, or answered 5xx or garbage.</summary>
    public const string ProviderUnavailable = "provider_unavailable";

    /// <summary>The sign-in worked but no <c>OAuth__Allow__*</c> rule admits this user.</summary>
    public const string NotAllowed = "not_allowed";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        AccessDenied, LoginRequired, ConsentRequired, InteractionRequired, TemporarilyUnavailable,
        ProviderError, InvalidResponse, ProviderUnavailable, NotAllowed,
    };

    /// <summary>Maps an authorization error response's <c>error</c> (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6) to our list.</summary>
    public static string FromAuthorizationError(string error) => error switch
    {
        AccessDenied or LoginRequired or ConsentRequired or InteractionRequired or TemporarilyUnavailable => error,
        "account_selection_required" => InteractionRequired,

        // Apple posts this when the user cancels at its page: the user said no, as access_denied says elsewhere.
        "user_cancelled_authorize" => AccessDenied,
        _ => ProviderError,
    };
}
