using System;
using System.Reflection;
using Amazon.Runtime;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Aws
{
    /// <summary>
    /// Credentials object from another copy of AWSSDK.Core (AWS.Tools loads its own, often another version,
    /// into the default load context, so its <c>AWSCredentials</c> is a different type from ours). We call its
    /// <c>GetCredentials()</c> through reflection on every request, so refreshing credentials (assumed roles,
    /// SSO) keep refreshing instead of being frozen at the first call.
    /// </summary>
    internal sealed class ForeignAwsCredentials : AWSCredentials
    {
        private readonly object _source;
        private readonly MethodInfo _getCredentials;

        internal ForeignAwsCredentials(object source, MethodInfo getCredentials)
        {
            _source = source;
            _getCredentials = getCredentials;
        }

        /// <summary>A public, parameterless, non-void instance <c>GetCredentials()</c>, or null.</summary>
        internal static MethodInfo? FindGetCredentials(Type type)
        {
            var method = type.GetMethod("GetCredentials", BindingFlags.Public | BindingFlags.Instance, null, Type.EmptyTypes, null);
            return method != null && method.ReturnType != typeof(void) ? method : null;
        }

        public override ImmutableCredentials GetCredentials()
        {
            object? keys;
            try
            {
                keys = _getCredentials.Invoke(_source, null);
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                throw new AwsSessionException(
                    ErrorIds.CredentialsNotResolved,
                    $"The -Credential object ({_source.GetType().FullName}) could not produce keys: {e.InnerException.Message}",
                    _source,
                    e.InnerException);
            }
            if (keys == null)
            {
                throw new AwsSessionException(
                    ErrorIds.CredentialsNotResolved,
                    $"The -Credential object ({_source.GetType().FullName}) returned no keys from GetCredentials().",
                    _source);
            }
            var accessKey = AwsSessionCredentialConverter.ReadString(keys, "AccessKey");
            var secretKey = AwsSessionCredentialConverter.ReadString(keys, "SecretKey");
            var token = AwsSessionCredentialConverter.ReadString(keys, "Token") ?? AwsSessionCredentialConverter.ReadString(keys, "SessionToken");
            if (string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey))
            {
                throw new AwsSessionException(
                    ErrorIds.CredentialNotSupported,
                    $"GetCredentials() of the -Credential object ({_source.GetType().FullName}) returned a {keys.GetType().FullName} without AccessKey and SecretKey.",
                    _source);
            }
            return new ImmutableCredentials(accessKey, secretKey, string.IsNullOrEmpty(token) ? null : token);
        }
    }
}
