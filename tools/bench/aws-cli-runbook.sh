#!/usr/bin/env bash
# The baseline the benchmark compares the module with: the maintenance switch as a plain aws-cli runbook.
# Enable: read the page from S3, shift every rule up by SHIFT,
# create the fixed-response rule at priority 1. Disable: find the page rule, delete it, shift back.
# No snapshot, no lock, no bypass, no checks: the least a runbook does.
#
# usage: aws-cli-runbook.sh ENDPOINT LISTENER_ARN s3://BUCKET/KEY [enable|disable|cycle]
set -euo pipefail
endpoint=$1 listener=$2 page=$3 phase=${4:-cycle}
# Every rule moves up by SHIFT and back: one call each way, valid on AWS and moto (nothing lands on a
# priority another moved rule still holds), as long as the listener's priorities stay below it.
SHIFT=10000
aws_() { aws --endpoint-url "$endpoint" --output json "$@"; }

user_rules() {  # "ARN PRIORITY" per non-default rule
    aws_ elbv2 describe-rules --listener-arn "$listener" |
        jq -r '.Rules[] | select(.IsDefault | not) | "\(.RuleArn) \(.Priority)"'
}

enable() {
    local body rules pairs
    body=$(aws_ s3 cp "$page" -)
    rules=$(user_rules)
    if [[ -n $rules ]]; then
        pairs=$(awk -v d="$SHIFT" '{printf "RuleArn=%s,Priority=%d ", $1, $2+d}' <<<"$rules")
        # shellcheck disable=SC2086 # one argument per pair
        aws_ elbv2 set-rule-priorities --rule-priorities $pairs >/dev/null
    fi
    aws_ elbv2 create-rule --listener-arn "$listener" --priority 1 \
        --conditions '[{"Field":"path-pattern","PathPatternConfig":{"Values":["/*"]}}]' \
        --actions "$(jq -cn --arg body "$body" '[{Type:"fixed-response",FixedResponseConfig:{StatusCode:"503",ContentType:"text/html",MessageBody:$body}}]')" \
        >/dev/null
}

disable() {
    local rules page_arn pairs
    rules=$(user_rules)
    page_arn=$(awk '$2=="1"{print $1}' <<<"$rules")
    aws_ elbv2 delete-rule --rule-arn "$page_arn" >/dev/null
    rules=$(awk '$2!="1"' <<<"$rules")
    if [[ -n $rules ]]; then
        pairs=$(awk -v d="$SHIFT" '{printf "RuleArn=%s,Priority=%d ", $1, $2-d}' <<<"$rules")
        # shellcheck disable=SC2086
        aws_ elbv2 set-rule-priorities --rule-priorities $pairs >/dev/null
    fi
}

case $phase in
    enable) enable ;;
    disable) disable ;;
    cycle) enable; disable ;;
    *) echo "unknown phase: $phase" >&2; exit 2 ;;
esac
