// Configures the page from the server: the PBX's WebSocket, the widget's endpoint, the operator's
// extension and password (the server hands these only to this page on this machine; a real panel
// takes the password from its own login), and where the AMI monitor is.
const config = await (await fetch('config.json', { cache: 'no-store' })).json();

const visitor = document.getElementById('visitor');
visitor.server = config.wsUrl;
visitor.target = config.widget.target;
visitor.user = config.widget.user;
visitor.assistantId = config.widget.assistantId;

const operator = document.getElementById('operator');
if (config.operator) {
  operator.server = config.wsUrl;
  operator.extension = config.operator.extension;
  if (config.operator.displayName) operator.displayName = config.operator.displayName;
  operator.password = config.operator.password; // a property only: never an attribute
  document.getElementById('operator-note').textContent += ` Extension ${config.operator.extension}.`;
} else {
  operator.hidden = true;
  document.getElementById('operator-note').textContent = 'No operator extension is configured for this PBX.';
}

document.getElementById('monitor').src = config.monitorUrl;
