# expect: fail call optimizer.step() after loss.backward()
def train_one_epoch(model, loader, optimizer):
    model.train()
    total_loss, seen = 0.0, 0
    for images, labels in loader:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(images), labels)
        loss.backward()
        total_loss += loss.item() * labels.shape[0]
        seen += labels.shape[0]
    return total_loss / seen
