namespace AuthFunctions.Core;

/// <summary>A setting (or settings file) is wrong: the message names it as the user writes it, and never echoes a secret.</summary>
public sealed class SettingException(string message, Exception? innerException = null) : Exception(message, innerException);
