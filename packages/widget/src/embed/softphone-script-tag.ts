/**
 * The softphone's script-tag entry (`aipbx-softphone.js`): registers `<aipbx-softphone>` and
 * nothing else. It mounts nothing: the extension's password must not sit in a tag's `data-*`
 * attributes, so the page puts the element in its markup and sets `.password` from its own script
 * (after the operator signs in), as in
 *
 * ```html
 * <script src="/widget/aipbx-softphone.js"></script>
 * <aipbx-softphone server="wss://pbx.example.com:8089/ws" extension="201"></aipbx-softphone>
 * <script>document.querySelector('aipbx-softphone').password = passwordFromYourBackend;</script>
 * ```
 */
import '../define-softphone.js';
