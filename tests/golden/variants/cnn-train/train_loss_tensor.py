# expect: fail returned a tensor; return a Python float
def train_one_epoch(model, loader, optimizer):
    model.train()
    total_loss, seen = 0.0, 0
    for images, labels in loader:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(images), labels)
        loss.backward()
        optimizer.step()
        total_loss = total_loss + loss * labels.shape[0]
        seen += labels.shape[0]
    return total_loss / seen
