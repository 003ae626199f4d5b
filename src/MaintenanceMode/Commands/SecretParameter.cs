using System.Management.Automation;
using System.Net;
using System.Security;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Commands
{
    /// <summary>
    /// A secret as PowerShell users hold one: plain text, a SecureString (what SecretManagement's Get-Secret
    /// returns) or a PSCredential (its password). Anything else would reach AWS as its type name, a public
    /// constant such as "System.Security.SecureString", so it is refused rather than converted with ToString.
    /// </summary>
    internal static class SecretParameter
    {
        /// <summary>The secret's text; false when <paramref name="value"/> is not one of the three forms ($null reads as empty).</summary>
        public static bool TryRead(object? value, out string text)
        {
            switch (value is PSObject wrapped ? wrapped.BaseObject : value)
            {
                case null:
                    text = string.Empty;
                    return true;
                case string plain:
                    text = plain;
                    return true;
                case SecureString secure:
                    text = new NetworkCredential(string.Empty, secure).Password;
                    return true;
                case PSCredential credential:
                    text = credential.GetNetworkCredential().Password;
                    return true;
                default:
                    text = string.Empty;
                    return false;
            }
        }

        /// <summary>The refusal of a value <see cref="TryRead"/> does not take; names the type, never the value.</summary>
        public static ErrorRecord Refusal(string parameter, string key, object value)
        {
            var type = (value is PSObject wrapped ? wrapped.BaseObject : value).GetType().Name;
            var message = $"{parameter}: the value for '{key}' is a {type}. Give the secret as a string, a SecureString (as Get-Secret returns) or a PSCredential (its password is used); nothing else is converted, so that no type name is ever sent as the secret.";
            return MaintenanceModeCmdlet.ParameterError(ErrorIds.InvalidSecretType, message, key);
        }
    }
}
