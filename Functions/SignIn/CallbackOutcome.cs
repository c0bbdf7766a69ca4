namespace AuthFunctions.SignIn;

/// <summary>Where the callback sends the browser, and in cookie mode the refresh token to set as the session cookie.</summary>
public sealed record CallbackOutcome(string RedirectUrl, string? SessionToken = null);
