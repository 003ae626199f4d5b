using System;
using System.Reflection;
using Amazon.Runtime;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Aws
{
    /// <summary>
    /// Turns the -Credential object into this module's <see cref="AWSCredentials"/>. It arrives untyped
    /// because the cmdlet assembly cannot name AWSSDK types, and because an AWS.Tools credential comes from
    /// another AWSSDK.Core (another type identity), so it is read by shape, not by type.
    /// </summary>
    public static class AwsSessionCredentialConverter
    {
        /// <summary>
        /// Accepts, in order: our own <see cref="AWSCredentials"/> or <see cref="ImmutableCredentials"/>;
        /// an <see cref="AccessKeyCredential"/>; any object with a public <c>GetCredentials()</c> returning
        /// something with <c>AccessKey</c>/<c>SecretKey</c>(/<c>Token</c>) (AWS.Tools' credentials); any object
        /// with <c>AccessKey</c>/<c>SecretKey</c>(/<c>SessionToken</c> or <c>Token</c>) properties.
        /// </summary>
        /// <exception cref="AwsSessionException"><see cref="ErrorIds.CredentialNotSupported"/>.</exception>
        public static AWSCredentials Convert(object credential)
        {
            if (credential == null)
            {
                throw new ArgumentNullException(nameof(credential));
            }
            switch (credential)
            {
                case AWSCredentials own:
                    return own;
                case ImmutableCredentials keys:
                    return FromKeys(keys.AccessKey, keys.SecretKey, keys.Token, credential);
                case AccessKeyCredential plain:
                    return FromKeys(plain.AccessKey, plain.SecretKey, plain.SessionToken, credential);
            }

            var type = credential.GetType();
            var getCredentials = ForeignAwsCredentials.FindGetCredentials(type);
            if (getCredentials != null)
            {
                var foreign = new ForeignAwsCredentials(credential, getCredentials);
                foreign.GetCredentials(); // fail now, with a clear message, rather than at the first request
                return foreign;
            }

            if (HasProperty(type, "AccessKey") && HasProperty(type, "SecretKey"))
            {
                return FromKeys(
                    ReadString(credential, "AccessKey"),
                    ReadString(credential, "SecretKey"),
                    ReadString(credential, "SessionToken") ?? ReadString(credential, "Token"),
                    credential);
            }

            throw new AwsSessionException(
                ErrorIds.CredentialNotSupported,
                $"-Credential does not accept a {type.FullName}. Pass a PSCredential (user name = access key id, password = secret access key), " +
                "an AWS.Tools credential (Get-AWSCredential), or an object with AccessKey and SecretKey properties; or use -ProfileName instead.",
                credential);
        }

        internal static string? ReadString(object source, string propertyName)
        {
            var property = source.GetType().GetProperty(propertyName, BindingFlags.Public | BindingFlags.Instance);
            return property?.GetIndexParameters().Length == 0 ? property.GetValue(source)?.ToString() : null;
        }

        private static bool HasProperty(Type type, string name) =>
            type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance) != null;

        private static AWSCredentials FromKeys(string? accessKey, string? secretKey, string? sessionToken, object source)
        {
            if (string.IsNullOrWhiteSpace(accessKey) || string.IsNullOrWhiteSpace(secretKey))
            {
                throw new AwsSessionException(
                    ErrorIds.CredentialNotSupported,
                    $"-Credential ({source.GetType().FullName}) has an empty access key or secret key. Give both, for example " +
                    "-Credential (Get-Credential -UserName AKIA...), where the password is the secret access key.",
                    source);
            }
            return string.IsNullOrEmpty(sessionToken)
                ? new BasicAWSCredentials(accessKey, secretKey)
                : (AWSCredentials)new SessionAWSCredentials(accessKey, secretKey, sessionToken);
        }
    }
}
