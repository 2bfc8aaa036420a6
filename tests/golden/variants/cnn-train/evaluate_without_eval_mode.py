# expect: fail left the model in training mode
# Forgets model.eval(): the numbers are right for this LeNet, but dropout and batch norm
# would keep behaving as in training.
def evaluate(model, loader):
    total_loss, correct, seen = 0.0, 0, 0
    with torch.no_grad():
        for images, labels in loader:
            logits = model(images)
            total_loss += F.cross_entropy(logits, labels, reduction="sum").item()
            correct += int((logits.argmax(dim=1) == labels).sum().item())
            seen += labels.shape[0]
    return total_loss / seen, correct / seen
