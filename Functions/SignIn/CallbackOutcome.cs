namespace AuthFunctions.SignIn;

/// <summary>
/// Where the callback sends the browser, and in cookie mode the refresh token to set as the session cookie;
/// <see cref="Outcome"/> (<c>signed_in</c> or the error code sent to the SPA) and the user id are for the audit event.
/// </summary>
public sealed record CallbackOutcome(string RedirectUrl, string Outcome, string? UserId = null, string? SessionToken = null);
